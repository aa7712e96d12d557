/** Offers a JSON file for download, built in the page (no request leaves the browser). */
export function download(filename: string, data: unknown) {
  downloadBlob(filename, new Blob([`${JSON.stringify(data, null, 2)}\n`], { type: "application/json" }));
}

/** Offers text (CSV, for instance) for download, built in the page. */
export function downloadText(filename: string, text: string, type = "text/csv;charset=utf-8") {
  downloadBlob(filename, new Blob([text], { type }));
}

/** Offers a blob (a zip, for instance) for download, built in the page. */
export function downloadBlob(filename: string, blob: Blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
