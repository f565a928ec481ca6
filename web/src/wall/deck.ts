import { debug } from './debug';
import { $, el } from './dom';
import type { WallPage, WallParams } from './layout';

interface DeckEntry {
  page: WallPage;
  root: HTMLElement;
  tab: HTMLButtonElement;
}

/**
 * The wall's pages as a deck: their tabs, which one shows, and the rotation. Pages come and go
 * while the wall runs (a partner's pillar joins or leaves the graph); the page on screen stays.
 */
export class PageDeck {
  private readonly entries: DeckEntry[] = [];
  private current = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly stage = $('#pages');
  private readonly nav = $('#tabs');
  private readonly progress = $('#rotation-progress');

  constructor(private readonly params: WallParams) {}

  get ids(): string[] {
    return this.entries.map((e) => e.page.id);
  }

  /** Adds a page (after the others) with its built element. */
  add(page: WallPage, root: HTMLElement): void {
    const tab = el('button', 'tab', page.title);
    tab.type = 'button';
    tab.dataset.page = page.id;
    tab.addEventListener('click', () => this.show(this.entries.findIndex((e) => e.page === page)));
    this.stage.append(root);
    this.nav.append(tab);
    this.entries.push({ page, root, tab });
    if (this.entries.length === 1 || page.id === this.params.page) this.show(this.entries.length - 1);
    else this.show(this.current);
    this.updateRotation();
  }

  /** Removes a page; if it was on screen, the next one shows. */
  remove(id: string): void {
    const i = this.entries.findIndex((e) => e.page.id === id);
    if (i < 0) return;
    const [gone] = this.entries.splice(i, 1);
    gone.root.remove();
    gone.tab.remove();
    if (i < this.current) this.current--;
    if (this.entries.length) this.show(Math.min(this.current, this.entries.length - 1));
    this.updateRotation();
  }

  /** Renames a page's tab (a partner's own name arrived after the page). */
  retitle(id: string, title: string): void {
    const e = this.entries.find((x) => x.page.id === id);
    if (!e) return;
    e.page.title = title;
    e.tab.textContent = title;
  }

  show(index: number): void {
    if (!this.entries.length) return;
    this.current = ((index % this.entries.length) + this.entries.length) % this.entries.length;
    this.entries.forEach((e, j) => {
      e.root.classList.toggle('active', j === this.current);
      e.tab.classList.toggle('active', j === this.current);
    });
    const id = this.entries[this.current].page.id;
    debug.page = id;
    debug.pages = this.ids;
    document.body.dataset.page = id;
    if (this.timer) this.restartTimer();
  }

  private updateRotation(): void {
    const rotate = this.params.rotateSeconds > 0 && this.entries.length > 1 && !this.params.page;
    this.progress.hidden = !rotate;
    if (rotate && !this.timer) this.restartTimer();
    if (!rotate && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private restartTimer(): void {
    clearInterval(this.timer);
    this.progress.style.animation = 'none';
    void this.progress.offsetWidth;
    this.progress.style.animation = `rotation ${this.params.rotateSeconds}s linear infinite`;
    this.timer = setInterval(() => this.show(this.current + 1), this.params.rotateSeconds * 1000);
  }
}
