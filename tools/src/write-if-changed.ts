// Generators write a file only when its text changes, so a regen that changes
// nothing leaves every mtime alone: the compiled build (`npm run build`) judges
// staleness by mtime, and an unchanged regen must not make it stale.
import { readFile, writeFile } from 'node:fs/promises';

/** Writes `text` to `file` unless the file already holds exactly that; true when it wrote. */
export async function writeFileIfChanged(file: string, text: string): Promise<boolean> {
  const current = await readFile(file, 'utf8').catch(() => undefined);
  if (current === text) return false;
  await writeFile(file, text);
  return true;
}
