/** Hands bytes to the browser as a file download; the object URL lives only as long as the download needs. */
export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const downloadText = (name: string, text: string) => downloadBlob(name, new Blob([text], { type: 'application/json' }));
