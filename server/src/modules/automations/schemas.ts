import { z } from "zod";
import { variableConditionSchema } from "./variable-conditions.js";

/**
 * A rule's definition (what a version stores): trigger → conditions → steps. Steps form a tree (branches hold
 * their own step lists). Every step has an `id` unique within the rule; the run log and round-robin state key
 * on it.
 */

const stepId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, "Step ids are 1–40 letters, digits, - or _.");
/** A text that may hold `{{variables}}` (validated at save against the rule's entity and trigger). */
const template = (max = 2000) => z.string().max(max);

/** A condition tree in the views' filter grammar (`platform/query/filter.ts`) plus change and activity tests. */
export const conditionsSchema = z
  .strictObject({
    filter: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("A filter in the list grammar, evaluated on the record as it is when the step runs."),
    changed: z
      .array(
        z.strictObject({
          field: z.string().max(100),
          from: z.unknown().optional(),
          to: z.unknown().optional(),
        }),
      )
      .max(20)
      .optional()
      .describe("The triggering event changed these fields (optionally from → to)."),
    noActivityForHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 365)
      .optional()
      .describe("No call, meeting, note, email or SMS on the record in the last N hours."),
    noActivitySinceRunStart: z
      .boolean()
      .optional()
      .describe("No call, meeting, note, email or SMS on the record since the run started."),
    related: z
      .array(
        z.strictObject({
          via: z
            .string()
            .max(100)
            .describe("A link field (`companyId`) or person field (`ownerId`) of the record."),
          filter: z
            .record(z.string(), z.unknown())
            .optional()
            .describe(
              "For a link field: a filter in the linked entity's list grammar (one linked record matches).",
            ),
          person: z
            .strictObject({
              userIds: z.array(z.uuid()).max(50).optional(),
              teamIds: z.array(z.uuid()).max(20).optional(),
              active: z.boolean().optional(),
            })
            .optional()
            .describe(
              "For a person field: the person is one of these users / in one of these teams / (in)active.",
            ),
        }),
      )
      .max(10)
      .optional()
      .describe(
        "Conditions on related records: the deal's company, the contact's owner. No related record: false.",
      ),
    variables: z
      .array(variableConditionSchema)
      .max(20)
      .optional()
      .describe(
        "Conditions on the trigger's typed variables (`message.subject contains …`), operators by type (catalog).",
      ),
  })
  .meta({ id: "AutomationConditions" });
export type Conditions = z.infer<typeof conditionsSchema>;

const offsetUnit = z.enum(["minutes", "hours", "days", "businessHours", "businessDays"]);
export const durationSchema = z.strictObject({
  amount: z.number().int().min(0).max(100_000),
  unit: offsetUnit,
});
export type Duration = z.infer<typeof durationSchema>;

/** Who a task or record goes to. */
export const assigneeSchema = z
  .discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("fixed"), userId: z.uuid() }),
    z.strictObject({ kind: z.literal("recordOwner") }),
    z.strictObject({ kind: z.literal("ruleOwner") }),
    z.strictObject({ kind: z.literal("ownerHead") }),
    z.strictObject({ kind: z.literal("roundRobin"), teamId: z.uuid() }),
    z.strictObject({ kind: z.literal("leastOpenWork"), teamId: z.uuid() }),
  ])
  .meta({ id: "AutomationAssignee" });
export type Assignee = z.infer<typeof assigneeSchema>;

export const recipientSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("user"), userId: z.uuid() }),
  z.strictObject({ kind: z.literal("recordOwner") }),
  z.strictObject({ kind: z.literal("ruleOwner") }),
  z.strictObject({ kind: z.literal("ownerHead") }),
]);
export type Recipient = z.infer<typeof recipientSchema>;

const base = { id: stepId, name: z.string().max(200).optional() };

const leafSteps = [
  z.strictObject({
    ...base,
    type: z.literal("createTask"),
    title: template(300),
    description: template(5000).optional(),
    taskType: z.string().max(50).optional(),
    priority: z.enum(["low", "normal", "high", "urgent"]).optional(),
    assignee: assigneeSchema,
    due: durationSchema.optional(),
  }),
  z.strictObject({
    ...base,
    type: z.literal("updateFields"),
    values: z.record(z.string().max(100), z.unknown()),
  }),
  z.strictObject({ ...base, type: z.literal("assign"), assignee: assigneeSchema }),
  z.strictObject({ ...base, type: z.literal("addTag"), tag: z.string().trim().min(1).max(50) }),
  z.strictObject({ ...base, type: z.literal("removeTag"), tag: z.string().trim().min(1).max(50) }),
  z.strictObject({ ...base, type: z.literal("moveStage"), stageId: z.uuid() }),
  z.strictObject({
    ...base,
    type: z.literal("createRecord"),
    entity: z
      .string()
      .min(1)
      .max(60)
      .describe("The new record's entity (one whose definition has a creator)."),
    values: z
      .record(z.string().max(100), z.unknown())
      .default({})
      .describe("Create-body key (`custom.<key>` for custom fields) → value; texts may hold {{variables}}."),
    link: z
      .boolean()
      .default(true)
      .describe(
        "Link the new record to the rule's record (a deal's company, a contact's company, a task's links).",
      ),
  }),
  z.strictObject({
    ...base,
    type: z.literal("notify"),
    recipients: z.array(recipientSchema).min(1).max(20),
    message: template(1000),
  }),
  z.strictObject({
    ...base,
    type: z.literal("callWebhook"),
    url: z.string().max(2000),
    method: z.literal("POST").default("POST"),
    body: template(20_000).optional().describe("JSON template; default: the run's variables."),
  }),
  z.strictObject({
    ...base,
    type: z.literal("sendEmail"),
    templateId: z.uuid(),
    to: recipientSchema.or(z.strictObject({ kind: z.literal("recordEmail") })),
    mailboxId: z
      .uuid()
      .optional()
      .describe(
        "Send from this mailbox of the rule's owner (own or granted to their team): filed in its Sent folder, on the record's conversations. Absent: the system mailer.",
      ),
    attachments: z
      .array(
        z.discriminatedUnion("kind", [
          z.strictObject({
            kind: z.literal("file"),
            fileId: z.uuid().describe("A file of the files store (`/api/v1/files`) the owner may read."),
          }),
          z.strictObject({
            kind: z.literal("recordFiles"),
            nameContains: z
              .string()
              .trim()
              .max(100)
              .optional()
              .describe("Only the files whose name contains this (any case)."),
          }),
          z.strictObject({
            kind: z.literal("document"),
            templateId: z
              .uuid()
              .describe(
                "An email template the owner may use, rendered for the record (recipient's language) into a PDF: its subject is the title and the file name.",
              ),
          }),
        ]),
      )
      .max(10)
      .optional()
      .describe(
        "Files sent with the letter (mailbox letters only): a stored file, the files attached to the triggering record when the step runs, or a PDF generated from a template for the record. Read access is checked as the owner at save and at run.",
      ),
  }),
  z.strictObject({
    ...base,
    type: z.literal("sendSms"),
    templateId: z.uuid(),
    to: z.strictObject({ kind: z.literal("recordPhone") }),
  }),
  z.strictObject({
    ...base,
    type: z.literal("wait"),
    wait: z.discriminatedUnion("mode", [
      z.strictObject({ mode: z.literal("duration"), duration: durationSchema }),
      z.strictObject({
        mode: z.literal("untilField"),
        field: z.string().max(100),
        offsetMinutes: z.number().int().min(-525_600).max(525_600).default(0),
      }),
      z.strictObject({ mode: z.literal("businessHours") }),
    ]),
  }),
  z.strictObject({
    ...base,
    type: z.literal("startRule"),
    ruleId: z.uuid(),
  }),
] as const;

export type LeafStep = z.infer<(typeof leafSteps)[number]>;
export type BranchStep = {
  id: string;
  name?: string | undefined;
  type: "branch";
  if: Conditions;
  thenSteps: Step[];
  elseSteps: Step[];
};
export type Step = LeafStep | BranchStep;

export const stepSchema: z.ZodType<Step> = z
  .lazy(
    () =>
      z.discriminatedUnion("type", [
        ...leafSteps,
        z.strictObject({
          ...base,
          type: z.literal("branch"),
          if: conditionsSchema,
          thenSteps: z.array(stepSchema).max(50),
          elseSteps: z.array(stepSchema).max(50).default([]),
        }),
      ]),
    // A named component, so the recursive step is a $ref in the OpenAPI document (not a dangling $defs pointer).
  )
  .meta({ id: "AutomationStep" }) as never;
export type StepType = Step["type"];

const offsetTrigger = {
  field: z.string().max(100),
  offset: z.strictObject({
    amount: z.number().int().min(0).max(100_000),
    unit: z.enum(["minutes", "hours", "days"]),
    direction: z.enum(["before", "after"]),
  }),
};

export const triggerSchema = z
  .discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("recordCreated") }),
    z.strictObject({ kind: z.literal("recordUpdated") }),
    z.strictObject({ kind: z.literal("recordDeleted") }),
    z.strictObject({
      kind: z.literal("fieldChanged"),
      field: z.string().max(100),
      from: z.unknown().optional(),
      to: z.unknown().optional(),
    }),
    z.strictObject({ kind: z.literal("stageEntered"), stageId: z.uuid().optional() }),
    z.strictObject({ kind: z.literal("stageLeft"), stageId: z.uuid().optional() }),
    z.strictObject({ kind: z.literal("won") }),
    z.strictObject({ kind: z.literal("lost") }),
    z.strictObject({ kind: z.literal("taskOverdue") }),
    z.strictObject({ kind: z.literal("messageReceived") }),
    z.strictObject({ kind: z.literal("dateRelative"), ...offsetTrigger }),
    z.strictObject({
      kind: z.literal("anniversary"),
      field: z.string().max(100),
      hour: z.number().int().min(0).max(23).default(9),
    }),
    z.strictObject({
      kind: z.literal("schedule"),
      cron: z.string().max(100),
      timeZone: z.string().max(64).default("UTC"),
    }),
    z.strictObject({
      kind: z.literal("inboundWebhook"),
      verify: z.enum(["secret", "hmac"]).default("hmac"),
      variables: z
        .record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/), z.string().max(200))
        .default({})
        .describe("Variable name → JSON path in the payload (`customer.email`)."),
      recordIdPath: z.string().max(200).optional().describe("Payload path holding the record's id."),
    }),
  ])
  .meta({ id: "AutomationTrigger" });
export type Trigger = z.infer<typeof triggerSchema>;
export type TriggerKind = Trigger["kind"];

export const definitionSchema = z
  .strictObject({
    trigger: triggerSchema,
    conditions: conditionsSchema.default({}),
    steps: z.array(stepSchema).min(1).max(50),
    options: z
      .strictObject({
        allowSelfTrigger: z.boolean().default(false),
        cancelWaitsOnDisable: z.boolean().default(true),
        cancelWaitsOnDelete: z.boolean().default(true),
        maxRunsPerRecordPerHour: z.number().int().min(1).max(1000).default(20),
        maxChainDepth: z.number().int().min(1).max(50).default(10),
      })
      .default({
        allowSelfTrigger: false,
        cancelWaitsOnDisable: true,
        cancelWaitsOnDelete: true,
        maxRunsPerRecordPerHour: 20,
        maxChainDepth: 10,
      }),
  })
  .meta({ id: "AutomationDefinition" });
export type Definition = z.infer<typeof definitionSchema>;

const ruleFields = {
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).default(""),
  enabled: z.boolean().default(false),
  definition: definitionSchema,
};

export const createRuleBody = (entity: z.ZodType<string>) =>
  z.strictObject({ entity, ...ruleFields, ownerId: z.uuid().optional() });
export const updateRuleBody = z.strictObject({
  name: ruleFields.name.optional(),
  description: z.string().max(2000).optional(),
  enabled: z.boolean().optional(),
  definition: definitionSchema.optional(),
  ownerId: z.uuid().optional(),
});
export type CreateRuleInput = z.infer<ReturnType<typeof createRuleBody>>;
export type UpdateRuleInput = z.infer<typeof updateRuleBody>;
