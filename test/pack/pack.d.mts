export type PackFigures = {
  readonly tarball: number;
  readonly unpacked: number;
  readonly files: number;
  readonly installed: number;
  readonly initAndBuild: number;
};
export function packTest(options?: { readonly log?: (step: string) => void }): Promise<PackFigures>;
