// Type-aware lint: an unawaited promise on the ingest path is silent data loss.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import layers from "./eslint/layers.js";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "src/gen/**", "coverage/**", "**/*.mjs", "**/*.js", "test/fixtures/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    plugins: { mimic: layers },
    languageOptions: {
      parserOptions: { project: "./tsconfig.test.json", tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "mimic/layers": "error",
      "no-restricted-properties": ["error", { object: "Math", property: "random", message: "Take a Random: output must be seeded." }],
    },
  },
  {
    // The browser page: typed against the DOM (its own tsconfig), and it talks to the server only
    // over HTTP, so it imports nothing from src/ (the layer rule covers src/ alone).
    files: ["dashboard/**/*.ts"],
    languageOptions: { parserOptions: { project: "./dashboard/tsconfig.json", tsconfigRootDir: import.meta.dirname } },
    rules: { "no-restricted-imports": ["error", { patterns: [{ group: ["**/src/**"], message: "The dashboard talks to the server over HTTP only." }] }] },
  },
  {
    files: ["**/*.test.ts", "test/**/*.ts", "bench/**/*.ts"],
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
    },
  },
);
