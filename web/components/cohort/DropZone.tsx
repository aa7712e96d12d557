/**
 * Where a coordinator gives /cohort/ its files: drop files, a zip or a folder
 * on the zone, or choose files or a folder with the buttons (the inputs stay in
 * the page, hidden, each with its own name). Reads them in the browser
 * (web/lib/cohort-files.ts) and hands the result on.
 */
import { useRef, useState } from "preact/hooks";
import { filesFromDrop, filesFromInput, type GivenFile } from "../../lib/cohort-files.ts";

type Props = {
  /** Called when files are given, before they are read. */
  readonly onReading: () => void;
  /** Called with every file read from one drop or choice. */
  readonly onFiles: (files: GivenFile[]) => void;
  readonly busy: boolean;
};

export function DropZone({ onReading, onFiles, busy }: Props) {
  const files = useRef<HTMLInputElement>(null);
  const folder = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);

  const chosen = async (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const list = input.files ? [...input.files] : [];
    input.value = "";
    if (list.length === 0) return;
    performance.mark("cohort:given");
    onReading();
    onFiles(await filesFromInput(list));
  };
  const dropped = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    if (busy || !event.dataTransfer) return;
    performance.mark("cohort:given");
    onReading();
    // Entries must be taken while the event is dispatched: filesFromDrop does that before its first await.
    void filesFromDrop(event.dataTransfer).then(onFiles);
  };
  const dragging = (event: DragEvent) => {
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = busy ? "none" : "copy";
    setOver(true);
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: dropping is a pointer shortcut; the buttons inside do the same by keyboard
    <div
      class={over ? "drop-zone over no-print" : "drop-zone no-print"}
      onDragEnter={dragging}
      onDragOver={dragging}
      onDragLeave={(event) => {
        // Leaving for one of the zone's own children is not leaving the zone.
        if (!(event.currentTarget as HTMLElement).contains(event.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={dropped}
    >
      <p class="drop-title">Drop record files, a zip or a folder here</p>
      <p class="muted">
        Record files are the <code>.json</code> files trainees save with “Share with my coordinator”. Add more at any
        time: the report counts a record given twice once.
      </p>
      <p class="actions">
        <button type="button" class="primary" disabled={busy} onClick={() => files.current?.click()}>
          Choose files or a zip
        </button>
        <button type="button" disabled={busy} onClick={() => folder.current?.click()}>
          Choose a folder
        </button>
      </p>
      <input
        ref={files}
        class="visually-hidden"
        tabIndex={-1}
        type="file"
        multiple
        accept=".json,.zip,application/json,application/zip"
        aria-label="Record files or zips"
        onChange={chosen}
      />
      <input
        ref={folder}
        class="visually-hidden"
        tabIndex={-1}
        type="file"
        {...{ webkitdirectory: "" }}
        aria-label="A folder of record files"
        onChange={chosen}
      />
    </div>
  );
}
