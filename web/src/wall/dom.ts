/** Small DOM helpers shared by the wall's parts. */

export const $ = <T extends HTMLElement>(sel: string) => document.querySelector(sel) as T;

export const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string) => {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
};

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
