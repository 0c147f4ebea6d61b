// server-only throws outside React Server Components; tests run lib code in plain Node.
export {};
