import { loadDemoData } from "./modules/demo/load.js";
import { modules } from "./modules/index.js";
import { loadConfig } from "./platform/config/config.js";
import { createLogger } from "./platform/logger.js";
import { runProcess } from "./platform/process.js";

runProcess({ kind: "server", loadConfig, createLogger, modules, loadDemo: loadDemoData });
