/**
 * Summarizes a V8 CPU profile of the server process (`npm run bench -- --profile DIR`): CPU time by package or
 * source folder and the top functions by self time.
 *
 *   npx tsx bench/profile-summary.ts DIR/CPU.….cpuprofile [requests]
 */
import fs from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function category(url: string, fn: string): string {
  if (!url) return fn.startsWith("(") ? fn : "(native)";
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + 13).split("/");
    return `npm:${rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  if (url.startsWith("node:")) return url.split("/")[0] ?? url;
  const src = url.indexOf("/server/src/");
  if (src >= 0)
    return `src/${url
      .slice(src + 12)
      .split("/")
      .slice(0, 2)
      .join("/")}`;
  return url.replace(/^file:\/\//, "");
}

export function summarize(profile: Profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const cats = new Map<string, number>();
  const fns = new Map<string, number>();
  let total = 0;
  for (const [id, us] of self) {
    const n = byId.get(id);
    if (!n) continue;
    const { functionName, url, lineNumber } = n.callFrame;
    const cat = category(url, functionName);
    if (cat === "(idle)") continue;
    total += us;
    cats.set(cat, (cats.get(cat) ?? 0) + us);
    const key = `${functionName || "(anonymous)"} ${category(url, functionName)}:${lineNumber + 1}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
  }
  const top = (m: Map<string, number>, k: number) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, k);
  // Inclusive time of the project's own functions (a sample counts once per function on its stack).
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  for (const [id, us] of self) {
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)?.callFrame;
      if (!f?.url.includes("/server/src/") && !f?.url.includes("/fastify/lib/")) continue;
      const key = `${f.functionName || "(anonymous)"} ${category(f.url, f.functionName)}:${f.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (
        category(byId.get(id)?.callFrame.url ?? "", byId.get(id)?.callFrame.functionName ?? "") === "(idle)"
      )
        break;
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  }
  return {
    totalMs: total / 1000,
    categories: top(cats, 25),
    functions: top(fns, 30),
    inclusive: top(inclusive, 30),
  };
}

if (process.argv[1]?.endsWith("profile-summary.ts") && process.argv[2]) {
  const s = summarize(JSON.parse(fs.readFileSync(process.argv[2], "utf8")) as Profile);
  const requests = Number(process.argv[3] ?? 0);
  const line = (name: string, us: number) =>
    `${(us / 1000).toFixed(0).padStart(8)} ms ${((us / 1000 / s.totalMs) * 100).toFixed(1).padStart(5)} %${requests ? ` ${(us / 1000 / requests).toFixed(3).padStart(8)} ms/req` : ""}  ${name}`;
  console.log(
    `busy CPU ${s.totalMs.toFixed(0)} ms${requests ? `, ${(s.totalMs / requests).toFixed(2)} ms per request` : ""}`,
  );
  console.log("\nby package / folder:");
  for (const [k, v] of s.categories) console.log(line(k, v));
  console.log("\ntop functions (self time):");
  for (const [k, v] of s.functions) console.log(line(k, v));
  console.log("\nproject and Fastify functions, inclusive (synchronous parts and resumptions after await):");
  for (const [k, v] of s.inclusive) console.log(line(k, v));
}
