import { AccountSection } from "./AccountSection";
import { DeleteLibrarySection } from "./DeleteLibrarySection";
import { ExportLibrarySection } from "./ExportLibrarySection";

/**
 * The Settings page: the reader's account (email, password), then what they can do to their
 * library as a whole (the export joins here, before "Delete all my books").
 */
export function SettingsView() {
  return (
    <div className="mx-auto max-w-2xl space-y-8">
      <h1 className="font-serif text-3xl sm:text-4xl">Settings</h1>
      <AccountSection />
      <ExportLibrarySection />
      <DeleteLibrarySection />
    </div>
  );
}
