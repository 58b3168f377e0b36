import { Landing } from "@/components/auth/Landing";
import { RedirectWhenSignedIn } from "@/components/auth/RedirectWhenSignedIn";

export default function HomePage() {
  return (
    <RedirectWhenSignedIn>
      <Landing />
    </RedirectWhenSignedIn>
  );
}
