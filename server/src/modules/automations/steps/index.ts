// Registers the built-in step kinds (each file calls `registerStepKind`).
import "./create-record-step.js";
import "./flow-steps.js";
import "./message-steps.js";
import "./notify-steps.js";
import "./record-steps.js";
import "./webhook-step.js";
