export * from "./dates";
export * from "./meetings";
export * from "./scores";
export * from "./summary";
export * from "./tasks";
export * from "./unit-names";
export * from "./visits";
export * from "./years";
