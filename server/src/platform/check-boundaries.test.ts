import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/** scripts/check-boundaries.mjs (run by `npm run lint`) on a small tree of its own. */
const script = path.resolve(import.meta.dirname, "../../../scripts/check-boundaries.mjs");
const root = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-boundaries-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function write(rel: string, text: string) {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}
const check = () =>
  spawnSync(process.execPath, [script], { env: { ...process.env, BOUNDARIES_ROOT: root }, encoding: "utf8" });

describe("scripts/check-boundaries.mjs", () => {
  it("lets a module use another module's module.ts, its own files and the platform", () => {
    write("server/src/modules/deals/module.ts", "export const dealsModule = {};\n");
    write("server/src/modules/deals/service.ts", 'import { x } from "../../platform/db/schema.js";\n');
    write(
      "server/src/modules/tasks/service.ts",
      'import { dealsModule } from "../deals/module.js";\nimport { y } from "./repository.js";\n',
    );
    write("server/src/modules/tasks/tasks.test.ts", 'import { s } from "../deals/service.js";\n');
    write("web/src/ui/Table.tsx", 'import { useX } from "../api/client";\n');
    write("web/src/features/auth/index.ts", 'export { me } from "./api";\n');
    write(
      "web/src/features/deals/DealPage.tsx",
      'import { me } from "../auth";\nimport { x } from "../auth/index";\nimport { y } from "./api";\n' +
        'import { Layout } from "../auth/index.pages";\nconst F = lazy(() => import("../auth/index.forms.ts"));\n',
    );
    write("web/src/features/deals/DealPage.test.tsx", 'import { me } from "../auth/api";\n');
    const res = check();
    expect(res.status, res.stdout + res.stderr).toBe(0);
  });

  it("fails on a module's internals imported by another module, on platform → module, on ui → feature", () => {
    write("server/src/modules/tasks/links.ts", 'import type {\n  Deal,\n} from "../deals/service.js";\n');
    write("server/src/platform/runtime.ts", 'export { dealsModule } from "../modules/deals/module.js";\n');
    write("web/src/ui/Cell.tsx", 'const P = lazy(() => import("../features/deals/DealPage"));\n');
    write("web/src/features/tasks/TaskPage.tsx", 'import { me } from "../auth/api";\n');
    const res = check();
    expect(res.status).toBe(1);
    expect(res.stderr).toContain("server/src/modules/tasks/links.ts -> server/src/modules/deals/service.ts");
    expect(res.stderr).toContain("server/src/platform/runtime.ts -> server/src/modules/deals/module.ts");
    expect(res.stderr).toContain("web/src/ui/Cell.tsx -> web/src/features/deals/DealPage");
    expect(res.stderr).toContain("web/src/features/tasks/TaskPage.tsx -> web/src/features/auth/api");
  });

  it("passes with the violations allow-listed, names allowed pairs that are gone, and --prune drops them", () => {
    write(
      "scripts/boundaries-allowed.txt",
      [
        "# known",
        "server/src/modules/tasks/links.ts -> server/src/modules/deals/service.ts",
        "server/src/platform/runtime.ts -> server/src/modules/deals/module.ts",
        "web/src/ui/Cell.tsx -> web/src/features/deals/DealPage",
        "web/src/features/tasks/TaskPage.tsx -> web/src/features/auth/api",
        "server/src/modules/tasks/old.ts -> server/src/modules/deals/repository.ts",
        "",
      ].join("\n"),
    );
    const res = check();
    expect(res.status, res.stdout + res.stderr).toBe(0);
    expect(res.stdout).toContain("server/src/modules/tasks/old.ts -> server/src/modules/deals/repository.ts");
    const pruned = spawnSync(process.execPath, [script, "--prune"], {
      env: { ...process.env, BOUNDARIES_ROOT: root },
      encoding: "utf8",
    });
    expect(pruned.status).toBe(0);
    const list = fs.readFileSync(path.join(root, "scripts/boundaries-allowed.txt"), "utf8");
    expect(list).not.toContain("old.ts");
    expect(list).toContain("# known\nserver/src/modules/tasks/links.ts");
    write("server/src/modules/tasks/more.ts", 'import { r } from "../deals/repository.js";\n');
    expect(check().status).toBe(1);
  });
});
