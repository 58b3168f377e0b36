import type { Metadata } from "next";
import { LibraryShell } from "@/components/book/LibraryShell";
import { SettingsView } from "@/components/settings/SettingsView";

export const metadata: Metadata = { title: "Settings" };

export default function SettingsPage() {
  return (
    <LibraryShell>
      <SettingsView />
    </LibraryShell>
  );
}
