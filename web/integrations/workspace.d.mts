import type { AstroIntegration } from "astro";
import type { Plugin } from "vite";

export type WorkspaceSettings = {
  readonly title: string;
  readonly lang: string;
  readonly base: string;
  readonly description?: string;
  readonly url?: string;
  readonly accent?: string;
  readonly logo?: string;
  readonly group?: string;
  readonly file: string | undefined;
};

export function workspaceSettings(): WorkspaceSettings;
export function workspacePublish(): string[] | undefined;
export function basePath(base: string): Plugin;
export function theme(accent: string | undefined): Plugin;
export function logoHref(settings: WorkspaceSettings): string | undefined;
export function workspace(settings: WorkspaceSettings): AstroIntegration;
