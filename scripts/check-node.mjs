// Fails fast, with one line, on a Node.js older than the project supports.
// `node scripts/check-node.mjs [version]` checks the given version instead of the running one (for tests).
import { pathToFileURL } from "node:url";

export const MINIMUM = { major: 20, minor: 19 };

/** The problem with this Node.js version, or null when it is supported. */
export function nodeVersionProblem(version) {
  const [major = 0, minor = 0] = String(version).replace(/^v/, "").split(".").map(Number);
  if (major > MINIMUM.major || (major === MINIMUM.major && minor >= MINIMUM.minor)) return null;
  return `Tandem CRM needs Node.js ${MINIMUM.major}.${MINIMUM.minor} or newer (22 or 24 LTS recommended); this is v${String(version).replace(/^v/, "")}.`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const problem = nodeVersionProblem(process.argv[2] ?? process.versions.node);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}
