// Tailwind 4: the PostCSS plugin is all that is needed (no tailwind.config).
export default { plugins: { "@tailwindcss/postcss": {} } };
