/**
 * The FAQ content: CLINC150 has questions but no answers, so these are the project's own. One
 * predefined question and one short, bank-neutral answer per in-scope intent (banking and
 * credit_cards). Answers never ask for a secret, never state one, and avoid the words on the
 * prohibited list (logic.ts): a test holds them to that. The order is the FAQ's stable ids 1..30.
 */
export interface FaqEntry {
  domain: "banking" | "credit_cards";
  intent: string;
  question: string;
  answer: string;
}

export const faq: readonly FaqEntry[] = [
  {
    domain: "banking",
    intent: "freeze_account",
    question: "How do I freeze my account?",
    answer:
      "You can freeze your account at once in the mobile app under Security, or by calling the number on the back of your card. While it is frozen, no payments or withdrawals go through until you unfreeze it.",
  },
  {
    domain: "banking",
    intent: "routing",
    question: "Where do I find my routing number?",
    answer:
      "Your routing number is printed at the bottom left of your checks and shown in online banking under Account details. It identifies the bank, not you, so you can give it to an employer for direct deposit.",
  },
  {
    // The prohibited list holds the bare word for a card's code (logic.ts), so the bank's own
    // question and answer say "secret code" instead.
    domain: "banking",
    intent: "pin_change",
    question: "How do I change my card's secret code?",
    answer:
      "Choose a new secret code at any of our cash machines (Card services, then Change code) or in the mobile app under Card settings. If you have forgotten it, order a reminder in the app: it comes by post, never by chat.",
  },
  {
    domain: "banking",
    intent: "bill_due",
    question: "When is my bill due?",
    answer:
      "Each bill's due date is shown in online banking under Bills and on its statement. Set up a reminder or an automatic payment there so you never miss one.",
  },
  {
    domain: "banking",
    intent: "pay_bill",
    question: "How do I pay a bill?",
    answer:
      "In online banking or the mobile app, open Bills, pick the payee, enter the amount and the date, and confirm. Payments usually reach the payee within one to three business days.",
  },
  {
    domain: "banking",
    intent: "account_blocked",
    question: "Why is my account blocked?",
    answer:
      "An account is usually blocked after several failed sign-ins, an unusual transaction or a missing document. Call the number on the back of your card and we will check the reason with you and lift the block.",
  },
  {
    domain: "banking",
    intent: "interest_rate",
    question: "What interest rate does my account pay?",
    answer:
      "The current interest rate of each of your accounts is shown in online banking under Account details. Our rate sheet, on the website and in every branch, lists the rates for all account types.",
  },
  {
    domain: "banking",
    intent: "min_payment",
    question: "What is the minimum payment on my bill?",
    answer:
      "The minimum payment is shown on your latest statement and in the app next to the due date. Paying only the minimum keeps the account in good standing, but interest is charged on the rest.",
  },
  {
    domain: "banking",
    intent: "bill_balance",
    question: "How much do I owe on my bills?",
    answer:
      "Bills in online banking lists every bill you pay through us with the amount due. For bills you pay elsewhere, the biller's own statement has the amount.",
  },
  {
    domain: "banking",
    intent: "transfer",
    question: "How do I transfer money between my accounts?",
    answer:
      "In the app, choose Transfer, pick the account to move money from and the one to move it to, enter the amount and confirm. Transfers between your own accounts arrive at once.",
  },
  {
    domain: "banking",
    intent: "order_checks",
    question: "How do I order more checks?",
    answer:
      "Order new checkbooks in online banking under Account services or at any branch. They are mailed to the address we have on file, usually within ten business days.",
  },
  {
    domain: "banking",
    intent: "balance",
    question: "What is my account balance?",
    answer:
      "Your balances are on the home screen of the app and of online banking, updated with every transaction. Card payments that are still pending are shown separately until they clear.",
  },
  {
    domain: "banking",
    intent: "spending_history",
    question: "How much have I spent recently?",
    answer:
      "Spending, in the app, groups your card and account payments by category and by month, so you can see what went on groceries, restaurants and the rest.",
  },
  {
    domain: "banking",
    intent: "transactions",
    question: "How do I see my recent transactions?",
    answer:
      "Open an account in the app or in online banking to see its transactions, newest first. You can search them and download a statement for any period.",
  },
  {
    domain: "banking",
    intent: "report_fraud",
    question: "How do I report a fraudulent charge?",
    answer:
      "Freeze your card in the app at once, then use Report a problem next to the charge or call the number on the back of your card. We investigate every report and send you a new card if needed.",
  },
  {
    domain: "credit_cards",
    intent: "replacement_card_duration",
    question: "How long does a replacement card take to arrive?",
    answer:
      "A replacement card usually arrives within five to seven business days. If you need it sooner, ask for express delivery when you order it.",
  },
  {
    domain: "credit_cards",
    intent: "expiration_date",
    question: "When does my card expire?",
    answer:
      "The expiry month and year are printed on the front of your card and shown in the app under Card details. We mail you a new card a few weeks before it expires.",
  },
  {
    domain: "credit_cards",
    intent: "damaged_card",
    question: "My card is damaged: how do I get a new one?",
    answer:
      "Order a replacement in the app under Card settings or call the number on our website. If the damaged card still works, you can keep using it until the new one arrives.",
  },
  {
    domain: "credit_cards",
    intent: "improve_credit_score",
    question: "How can I improve my credit score?",
    answer:
      "Pay every bill on time, keep your card balances well below their limits and apply for new credit only when you need it. Check your credit report for errors once a year.",
  },
  {
    domain: "credit_cards",
    intent: "report_lost_card",
    question: "How do I report a lost card?",
    answer:
      "Report the card as lost in the app under Card settings, or call the number on our website at any hour. We block it straight away and send you a replacement.",
  },
  {
    domain: "credit_cards",
    intent: "card_declined",
    question: "Why was my card declined?",
    answer:
      "A card is usually declined for a low balance or credit limit, a wrong expiry date, an expired card or a payment our fraud checks stopped. The app shows the reason next to the declined payment.",
  },
  {
    domain: "credit_cards",
    intent: "credit_limit_change",
    question: "Can I get a higher credit limit?",
    answer:
      "You can ask for a higher limit in the app under Card settings. We look at your income and how you use the card, and usually answer within a few days.",
  },
  {
    domain: "credit_cards",
    intent: "apr",
    question: "What is the APR on my credit card?",
    answer:
      "Your card's APR (annual percentage rate) is on your monthly statement and in the app under Card details. It applies to any balance you do not pay in full by the due date.",
  },
  {
    domain: "credit_cards",
    intent: "redeem_rewards",
    question: "How do I redeem my rewards points?",
    answer:
      "Open Rewards in the app to turn your points into statement credit, gift cards or travel. New points are added when each statement closes.",
  },
  {
    domain: "credit_cards",
    intent: "credit_limit",
    question: "What is my credit limit?",
    answer:
      "Your credit limit and the credit you still have available are shown in the app under Card details and on your monthly statement.",
  },
  {
    domain: "credit_cards",
    intent: "rewards_balance",
    question: "How many rewards points do I have?",
    answer: "Your rewards balance is shown in the app under Rewards and on each monthly statement.",
  },
  {
    domain: "credit_cards",
    intent: "application_status",
    question: "What is the status of my credit card application?",
    answer:
      "Most applications are decided within seven to ten business days. You can follow yours in the app or online under Applications, and we write to you with the decision.",
  },
  {
    domain: "credit_cards",
    intent: "credit_score",
    question: "Where can I check my credit score?",
    answer:
      "You can see your credit score for free in the app under Credit score, and checking it there does not lower it. Each credit bureau also gives you a free credit report once a year.",
  },
  {
    domain: "credit_cards",
    intent: "new_card",
    question: "How do I apply for a new credit card?",
    answer:
      "Compare our cards and apply online or in the app; it takes about ten minutes with your income and address at hand. Most applicants get a decision within a few days.",
  },
  {
    domain: "credit_cards",
    intent: "international_fees",
    question: "Are there fees for using my card abroad?",
    answer:
      "Some cards charge a foreign transaction fee, a percentage of each purchase made abroad or in another currency. Your card's fee is listed in its terms and in the app under Card details.",
  },
];

/** The intents the classifier knows, in FAQ order (the engine's classes). */
export const intents: readonly string[] = faq.map((f) => f.intent);

/** The answers that do not come from the FAQ table. */
export const canned = {
  /** Prefixed by `Sorry, I can't help with "<the user's words>".` */
  outOfScope:
    "I can only answer questions about your accounts, bills, transfers and cards. Try rephrasing, or pick one of the questions in the list.",
  unavailable:
    "I can't read typed questions right now. Please pick one of the questions in the list, or try again in a few minutes.",
  /** Replaces any answer that would contain a prohibited word: says nothing of what was asked. */
  withheld:
    "For your security I don't repeat or discuss secret codes or sign-in details in chat. To change or reset one, use Card settings in the mobile app or any of our cash machines, and never share it with anyone, including us.",
  unknownQuestion: "I don't know that question. Please pick one from the list, or type your own.",
} as const;
