import { z } from "zod";
import type { Definition } from "./schemas.js";

type Lang = "en" | "ru" | "sr" | "kk";
type Texts = Record<Lang, string>;

/** What a template needs filled in before it becomes a rule. */
export const templateParamsBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  stageId: z
    .uuid()
    .optional()
    .describe('The stage the template reacts to (templates with `needs: ["stageId"]`).'),
  language: z.enum(["en", "ru", "sr", "kk"]).default("en"),
  enabled: z.boolean().default(false),
});
export type TemplateParams = z.infer<typeof templateParamsBody>;

interface Template {
  key: string;
  entity: string;
  name: Texts;
  description: Texts;
  needs: readonly "stageId"[];
  build(p: TemplateParams, t: (x: Texts) => string): Definition;
}

const OPTIONS: Definition["options"] = {
  allowSelfTrigger: false,
  cancelWaitsOnDisable: true,
  cancelWaitsOnDelete: true,
  maxRunsPerRecordPerHour: 20,
  maxChainDepth: 10,
};

/** The built-in, ready-to-enable rules for the seeds' examples. */
export const TEMPLATES: readonly Template[] = [
  {
    key: "birthday-greeting",
    entity: "contacts",
    name: {
      en: "Birthday greeting",
      ru: "Поздравление с днём рождения",
      sr: "Честитка за рођендан",
      kk: "Туған күнмен құттықтау",
    },
    description: {
      en: "Every year on a contact's birthday at 9:00 the owner gets a task to congratulate them.",
      ru: "Каждый год в день рождения контакта в 9:00 ответственный получает задачу поздравить его.",
      sr: "Сваке године на рођендан контакта у 9:00 власник добија задатак да му честита.",
      kk: "Жыл сайын контактінің туған күні сағат 9:00-де жауапты адам құттықтау тапсырмасын алады.",
    },
    needs: [],
    build: (_p, t) => ({
      trigger: { kind: "anniversary", field: "birthday", hour: 9 },
      conditions: {},
      steps: [
        {
          id: "greet",
          type: "createTask",
          title: t({
            en: "Congratulate {{record.firstName}} {{record.lastName}} on their birthday",
            ru: "Поздравить {{record.firstName}} {{record.lastName}} с днём рождения",
            sr: "Честитати рођендан: {{record.firstName}} {{record.lastName}}",
            kk: "{{record.firstName}} {{record.lastName}} туған күнімен құттықтау",
          }),
          taskType: "call",
          assignee: { kind: "recordOwner" },
          due: { amount: 8, unit: "hours" },
        },
      ],
      options: OPTIONS,
    }),
  },
  {
    key: "call-on-stage",
    entity: "deals",
    name: {
      en: "Call task when a deal enters a stage",
      ru: "Задача на звонок при переходе сделки на этап",
      sr: "Задатак позива када посао уђе у фазу",
      kk: "Мәміле кезеңге өткенде қоңырау тапсырмасы",
    },
    description: {
      en: "When a deal enters the chosen stage, its owner gets a call task due in 4 business hours.",
      ru: "Когда сделка переходит на выбранный этап, ответственный получает задачу позвонить в течение 4 рабочих часов.",
      sr: "Када посао уђе у изабрану фазу, власник добија задатак позива у року од 4 радна сата.",
      kk: "Мәміле таңдалған кезеңге өткенде, жауапты адам 4 жұмыс сағаты ішінде қоңырау шалу тапсырмасын алады.",
    },
    needs: ["stageId"],
    build: (p, t) => ({
      trigger: { kind: "stageEntered", ...(p.stageId ? { stageId: p.stageId } : {}) },
      conditions: {},
      steps: [
        {
          id: "call",
          type: "createTask",
          title: t({
            en: "Call about «{{record.title}}»",
            ru: "Позвонить по сделке «{{record.title}}»",
            sr: "Позвати у вези са «{{record.title}}»",
            kk: "«{{record.title}}» бойынша қоңырау шалу",
          }),
          taskType: "call",
          assignee: { kind: "recordOwner" },
          due: { amount: 4, unit: "businessHours" },
        },
      ],
      options: OPTIONS,
    }),
  },
  {
    key: "new-lead-no-activity",
    entity: "deals",
    name: {
      en: "Remind the manager, then the head, about an untouched new lead",
      ru: "Напомнить менеджеру, затем руководителю о новом лиде без активности",
      sr: "Подсетити менаџера, па шефа, на нови лид без активности",
      kk: "Белсенділіксіз жаңа лид туралы менеджерге, содан кейін басшыға еске салу",
    },
    description: {
      en: "A new deal with no call, meeting, note or message for 2 days notifies its owner; 1 day later still nothing — the owner's head.",
      ru: "Если по новой сделке 2 дня нет звонков, встреч, заметок и сообщений — уведомление ответственному; ещё через день — его руководителю.",
      sr: "Ако нови посао 2 дана нема позив, састанак, белешку или поруку — обавештење власнику; дан касније — његовом шефу.",
      kk: "Жаңа мәміле бойынша 2 күн бойы қоңырау, кездесу, жазба немесе хабар болмаса — жауаптыға хабарлама; тағы бір күннен кейін — басшысына.",
    },
    needs: [],
    build: (_p, t) => ({
      trigger: { kind: "recordCreated" },
      conditions: {},
      steps: [
        { id: "wait2d", type: "wait", wait: { mode: "duration", duration: { amount: 2, unit: "days" } } },
        {
          id: "check1",
          type: "branch",
          if: { noActivitySinceRunStart: true },
          thenSteps: [
            {
              id: "remindOwner",
              type: "notify",
              recipients: [{ kind: "recordOwner" }],
              message: t({
                en: "No activity on «{{record.title}}» for 2 days",
                ru: "По «{{record.title}}» нет активности 2 дня",
                sr: "Нема активности на «{{record.title}}» 2 дана",
                kk: "«{{record.title}}» бойынша 2 күн белсенділік жоқ",
              }),
            },
            { id: "wait1d", type: "wait", wait: { mode: "duration", duration: { amount: 1, unit: "days" } } },
            {
              id: "check2",
              type: "branch",
              if: { noActivitySinceRunStart: true },
              thenSteps: [
                {
                  id: "remindHead",
                  type: "notify",
                  recipients: [{ kind: "ownerHead" }],
                  message: t({
                    en: "Still no activity on «{{record.title}}» after 3 days",
                    ru: "По «{{record.title}}» всё ещё нет активности спустя 3 дня",
                    sr: "И даље нема активности на «{{record.title}}» после 3 дана",
                    kk: "«{{record.title}}» бойынша 3 күннен кейін де белсенділік жоқ",
                  }),
                },
              ],
              elseSteps: [],
            },
          ],
          elseSteps: [],
        },
      ],
      options: OPTIONS,
    }),
  },
  {
    key: "contract-signed-onboarding",
    entity: "deals",
    name: {
      en: "After the contract is signed, start onboarding",
      ru: "После подписания договора — начать онбординг",
      sr: "Након потписивања уговора — покрени увођење",
      kk: "Шарт қол қойылғаннан кейін — онбордингті бастау",
    },
    description: {
      en: "When a deal enters the chosen stage, the account manager gets an onboarding task; if there is no activity within 3 business days, their head is notified.",
      ru: "Когда сделка переходит на выбранный этап, менеджер получает задачу на онбординг; если за 3 рабочих дня нет активности — уведомление руководителю.",
      sr: "Када посао уђе у изабрану фазу, менаџер добија задатак увођења; ако за 3 радна дана нема активности — обавештава се шеф.",
      kk: "Мәміле таңдалған кезеңге өткенде менеджер онбординг тапсырмасын алады; 3 жұмыс күнінде белсенділік болмаса — басшыға хабарлама.",
    },
    needs: ["stageId"],
    build: (p, t) => ({
      trigger: { kind: "stageEntered", ...(p.stageId ? { stageId: p.stageId } : {}) },
      conditions: {},
      steps: [
        {
          id: "onboarding",
          type: "createTask",
          title: t({
            en: "Onboarding: «{{record.title}}»",
            ru: "Онбординг: «{{record.title}}»",
            sr: "Увођење: «{{record.title}}»",
            kk: "Онбординг: «{{record.title}}»",
          }),
          assignee: { kind: "recordOwner" },
          due: { amount: 1, unit: "businessDays" },
        },
        {
          id: "wait3bd",
          type: "wait",
          wait: { mode: "duration", duration: { amount: 3, unit: "businessDays" } },
        },
        {
          id: "noActivity",
          type: "branch",
          if: { noActivitySinceRunStart: true },
          thenSteps: [
            {
              id: "notifyHead",
              type: "notify",
              recipients: [{ kind: "ownerHead" }],
              message: t({
                en: "No activity on «{{record.title}}» 3 business days after the contract was signed",
                ru: "Нет активности по «{{record.title}}» через 3 рабочих дня после подписания договора",
                sr: "Нема активности на «{{record.title}}» 3 радна дана после потписивања уговора",
                kk: "Шарт қол қойылғаннан кейін 3 жұмыс күні ішінде «{{record.title}}» бойынша белсенділік жоқ",
              }),
            },
          ],
          elseSteps: [],
        },
      ],
      options: OPTIONS,
    }),
  },
  {
    key: "quote-follow-up",
    entity: "deals",
    name: {
      en: "Follow up 3 days after the quote was sent",
      ru: "Напоминание через 3 дня после отправки КП",
      sr: "Провера 3 дана након слања понуде",
      kk: "Ұсыныс жіберілгеннен кейін 3 күннен соң хабарласу",
    },
    description: {
      en: "When a deal enters the quote stage, its owner gets a follow-up task due 3 days later.",
      ru: "Когда сделка переходит на этап КП, ответственный получает задачу связаться через 3 дня.",
      sr: "Када посао уђе у фазу понуде, власник добија задатак да се јави за 3 дана.",
      kk: "Мәміле ұсыныс кезеңіне өткенде, жауапты адам 3 күннен кейін хабарласу тапсырмасын алады.",
    },
    needs: ["stageId"],
    build: (p, t) => ({
      trigger: { kind: "stageEntered", ...(p.stageId ? { stageId: p.stageId } : {}) },
      conditions: {},
      steps: [
        {
          id: "followUp",
          type: "createTask",
          title: t({
            en: "Follow up on the quote for «{{record.title}}»",
            ru: "Связаться по КП «{{record.title}}»",
            sr: "Јавити се у вези са понудом за «{{record.title}}»",
            kk: "«{{record.title}}» ұсынысы бойынша хабарласу",
          }),
          taskType: "call",
          assignee: { kind: "recordOwner" },
          due: { amount: 3, unit: "days" },
        },
      ],
      options: OPTIONS,
    }),
  },
];

export function presentTemplate(tpl: Template, language: string) {
  const lang = (["en", "ru", "sr", "kk"].includes(language) ? language : "en") as Lang;
  return {
    key: tpl.key,
    entity: tpl.entity,
    name: tpl.name[lang],
    description: tpl.description[lang],
    needs: [...tpl.needs],
    definition: tpl.build({ language: lang, enabled: false }, (x) => x[lang]),
  };
}

export function buildFromTemplate(tpl: Template, p: TemplateParams) {
  return { name: p.name ?? tpl.name[p.language], definition: tpl.build(p, (x) => x[p.language]) };
}
