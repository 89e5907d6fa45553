/** The categories as `<option>`s (value = id) for every category picker; the caller adds its own empty choice. */
import type { Category } from '../../../shared/api/contract';

export function CategoryOptions({ categories }: { categories: readonly Pick<Category, 'id' | 'name'>[] }) {
  return (
    <>
      {categories.map((c) => (
        <option key={c.id} value={String(c.id)}>
          {c.name}
        </option>
      ))}
    </>
  );
}
