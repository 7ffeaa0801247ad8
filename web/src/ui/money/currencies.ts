/** The currencies offered for amounts (deals, targets, the workspace currency); a stored other one is kept. */
export const CURRENCIES = ["RUB", "RSD", "KZT", "EUR", "USD"];
