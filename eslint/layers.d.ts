import type { ESLint, Rule } from "eslint";
export const LAYERS: string[][];
export const layersRule: Rule.RuleModule;
declare const plugin: ESLint.Plugin;
export default plugin;
