import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers/Providers";
import { StyleNonce } from "@/components/providers/StyleNonce";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Folio", template: "%s · Folio" },
  description: "A personal reading library: your books as a wall of covers.",
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#f6f1e7" },
    { media: "(prefers-color-scheme: dark)", color: "#1b1815" },
  ],
};

/**
 * Reading the request (the nonce proxy.ts made for it) renders every page per request, which the
 * nonce needs: Next.js puts it on the scripts it writes into the page.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const nonce = (await headers()).get("x-nonce");
  return (
    <html lang="en">
      <body className="bg-paper font-sans text-ink antialiased">
        <StyleNonce nonce={nonce} />
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
