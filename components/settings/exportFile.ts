/**
 * Where an export's text goes as it is produced: a file the reader picked, written as a stream
 * (the File System Access API, where the browser has it), or else a Blob built from the chunks and
 * downloaded at the end. Either way no single string ever holds the whole library.
 */

export interface ExportSink {
  write(chunk: string): Promise<void>;
  /** Finishes the file (and, without a file picker, downloads it). */
  close(): Promise<void>;
  /** Drops what was written (cancelled or failed). */
  abort(): Promise<void>;
}

interface WritableFile {
  write(data: string): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}

interface SaveFilePickerWindow {
  showSaveFilePicker?: (options: {
    suggestedName: string;
    types: { description: string; accept: Record<string, string[]> }[];
  }) => Promise<{ createWritable(): Promise<WritableFile> }>;
}

/** Opens where the export goes; null when the reader closed the file picker without choosing. */
export async function openExportSink(
  fileName: string,
  mimeType: string,
  description: string,
  win: Window & SaveFilePickerWindow = window,
): Promise<ExportSink | null> {
  if (typeof win.showSaveFilePicker === "function") {
    const extension = fileName.slice(fileName.lastIndexOf("."));
    let writable: WritableFile;
    try {
      const handle = await win.showSaveFilePicker({
        suggestedName: fileName,
        types: [{ description, accept: { [mimeType.split(";")[0]]: [extension] } }],
      });
      writable = await handle.createWritable();
    } catch (error) {
      if (error instanceof DOMException && error.name === "AbortError") return null;
      throw error;
    }
    return { write: (chunk) => writable.write(chunk), close: () => writable.close(), abort: () => writable.abort() };
  }
  return blobDownload(fileName, mimeType, win);
}

function blobDownload(fileName: string, mimeType: string, win: Window): ExportSink {
  let parts: BlobPart[] = [];
  return {
    async write(chunk) {
      parts.push(chunk);
    },
    async close() {
      const url = URL.createObjectURL(new Blob(parts, { type: mimeType }));
      parts = [];
      const link = win.document.createElement("a");
      link.href = url;
      link.download = fileName;
      link.rel = "noopener";
      win.document.body.append(link);
      link.click();
      link.remove();
      // Give the download a moment to start before the URL goes.
      win.setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
    async abort() {
      parts = [];
    },
  };
}
