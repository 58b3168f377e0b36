import { cn } from "@/components/ui/cn";
import { ratingLabel, starFills } from "@/lib/books/rating";

export interface RatingStarsProps {
  /** 0.25–5 in steps of 0.25. */
  rating: number;
  /**
   * The stars only decorate: the surrounding element already says the rating (e.g. a tile's
   * link text). Otherwise the stars are an image named "Rated 3.75 out of 5".
   */
  decorative?: boolean;
  className?: string;
}

const STAR = "M10 1.5l2.6 5.3 5.9.9-4.25 4.1 1 5.85L10 14.9l-5.25 2.75 1-5.85L1.5 7.7l5.9-.9z";

function Star({ fill }: { fill: number }) {
  return (
    <span className="relative inline-block size-[1em]">
      <svg viewBox="0 0 20 20" className="absolute inset-0 size-full text-ink-faint" aria-hidden="true">
        <path d={STAR} fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round" />
      </svg>
      {fill > 0 ? (
        // The filled star is clipped to the fraction: a quarter, a half, three quarters or all of it.
        <span className="absolute inset-y-0 left-0 overflow-hidden" style={{ width: `${fill * 100}%` }}>
          <svg viewBox="0 0 20 20" className="size-[1em] text-accent" aria-hidden="true">
            <path d={STAR} fill="currentColor" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round" />
          </svg>
        </span>
      ) : null}
    </span>
  );
}

/** Five stars filled to the rating in quarter steps, with a text alternative. */
export function RatingStars({ rating, decorative = false, className }: RatingStarsProps) {
  const stars = starFills(rating).map((fill, i) => <Star key={i} fill={fill} />);
  if (decorative) {
    return (
      <span aria-hidden="true" className={cn("inline-flex gap-px leading-none", className)}>
        {stars}
      </span>
    );
  }
  const label = ratingLabel(rating);
  return (
    <span role="img" aria-label={label} title={label} className={cn("inline-flex gap-px leading-none", className)}>
      {stars}
    </span>
  );
}
