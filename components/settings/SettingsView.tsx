import { DeleteLibrarySection } from "./DeleteLibrarySection";
import { ExportLibrarySection } from "./ExportLibrarySection";

/** The Settings page: what a reader can do to their library as a whole. */
export function SettingsView() {
  return (
    <div className="mx-auto max-w-2xl space-y-8">
      <h1 className="font-serif text-3xl sm:text-4xl">Settings</h1>
      <ExportLibrarySection />
      <DeleteLibrarySection />
    </div>
  );
}
