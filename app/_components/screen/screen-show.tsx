"use client";

import { useCallback, useEffect, useMemo, useRef, useState, useTransition } from "react";
import { slidesOf, type ScreenPayload } from "@/lib/domain/screen";
import { messagesFor, type Locale } from "@/lib/i18n";
import type { SnapshotActionResult } from "@/app/screen/actions";
import { clockText } from "./format";
import { SlideFrame } from "./slide-frame";
import { SlideBody, slideTitle } from "./slides";
import { useScreenFeed, type FeedProblem } from "./use-screen-feed";

/**
 * Test harnesses may set `window.__DUTYBOARD_SCREEN__ = { rotateMs, pollMs }` before the
 * page loads (Playwright's addInitScript) to speed the show up. A link cannot: the URL
 * gives no way in, so a production screen always runs at the 设置 tab's pace.
 */
interface TestPace {
  rotateMs?: number;
  pollMs?: number;
}
declare global {
  interface Window {
    __DUTYBOARD_SCREEN__?: TestPace;
  }
}

function testPace(): TestPace {
  const pace = typeof window === "undefined" ? undefined : window.__DUTYBOARD_SCREEN__;
  const ms = (v: unknown, min: number) => (typeof v === "number" && Number.isFinite(v) && v >= min ? v : undefined);
  return { rotateMs: ms(pace?.rotateMs, 50), pollMs: ms(pace?.pollMs, 200) };
}

/** A poll a few times per freshness window, so an edit shows well inside it. */
function pollMsFor(freshnessSeconds: number): number {
  return Math.min(60_000, Math.max(2_000, (freshnessSeconds * 1000) / 3));
}

const IDLE_MS = 3_000;

export interface ScreenShowProps {
  initial: ScreenPayload;
  locale: Locale;
  /** The meeting-screen link's token, sent back as a Bearer credential on every poll. */
  token?: string;
  /** Shown only to admins; the action checks the role again. */
  snapshotAction?: () => Promise<SnapshotActionResult>;
}

export function ScreenShow({ initial, locale, token, snapshotAction }: ScreenShowProps) {
  const t = messagesFor(locale);
  const [pace, setPace] = useState<TestPace>({});
  // Hydrated: the keys work from here on (tests wait for it rather than racing hydration).
  const [ready, setReady] = useState(false);
  useEffect(() => {
    setPace(testPace());
    setReady(true);
  }, []);

  const { data, problem } = useScreenFeed(initial, { pollMs: pace.pollMs ?? pollMsFor(initial.freshnessSeconds), token });
  const slides = useMemo(() => slidesOf(data), [data]);
  const rotateMs = pace.rotateMs ?? data.rotateSeconds * 1000;

  // `turn` restarts the timer and the progress bar even when the index stays the same.
  const [position, setPosition] = useState({ index: 0, turn: 0 });
  const [paused, setPaused] = useState(false);
  const count = useRef(slides.length);
  count.current = slides.length;
  const index = Math.min(position.index, slides.length - 1);
  const slide = slides[index] ?? slides[0]!;

  const step = useCallback((by: number) => {
    setPosition((p) => {
      const n = count.current;
      return { index: (((Math.min(p.index, n - 1) + by) % n) + n) % n, turn: p.turn + 1 };
    });
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `position` restarts the timer after every manual step
  useEffect(() => {
    if (paused) return;
    const timer = setTimeout(() => step(1), rotateMs);
    return () => clearTimeout(timer);
  }, [position, paused, rotateMs, step]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || e.repeat) return;
      const onControl = e.target instanceof Element && e.target.closest("button, a, input, select, textarea");
      switch (e.key) {
        case " ":
          if (onControl) return;
          e.preventDefault();
          step(1);
          break;
        case "ArrowRight":
        case "PageDown":
          e.preventDefault();
          step(1);
          break;
        case "ArrowLeft":
        case "PageUp":
          e.preventDefault();
          step(-1);
          break;
        case "p":
        case "P":
          setPaused((p) => !p);
          setPosition((p) => ({ ...p, turn: p.turn + 1 }));
          break;
        case "f":
        case "F":
          toggleFullscreen();
          break;
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [step]);

  const [fullscreen, setFullscreen] = useState(false);
  useEffect(() => {
    const onChange = () => setFullscreen(Boolean(document.fullscreenElement));
    document.addEventListener("fullscreenchange", onChange);
    return () => document.removeEventListener("fullscreenchange", onChange);
  }, []);

  // The pointer and the controls disappear while nobody touches the mouse.
  const [idle, setIdle] = useState(true);
  const idleTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const wake = useCallback(() => {
    setIdle(false);
    clearTimeout(idleTimer.current);
    idleTimer.current = setTimeout(() => setIdle(true), IDLE_MS);
  }, []);
  useEffect(() => () => clearTimeout(idleTimer.current), []);

  const title = slideTitle(slide, t);
  const kicker = `${t.screen.meeting} · ${t.screen.year(data.year)}`;

  return (
    <div
      className={`screen-stage screen-theme ${idle ? "screen-idle" : ""}`}
      onPointerMove={wake}
      onPointerDown={wake}
      data-testid="screen"
      data-ready={ready}
      data-slide-id={slide.id}
      data-slide-index={index}
      data-slide-count={slides.length}
      data-paused={paused}
      data-version={data.version}
    >
      <section className="screen-canvas bg-(--s-bg)" aria-roledescription="carousel" aria-label={t.screen.title}>
        <div key={slide.id} className="screen-slide absolute inset-0" role="group" aria-roledescription="slide" aria-label={`${index + 1} / ${slides.length}`}>
          <SlideFrame
            kicker={kicker}
            title={title}
            status={<Status asOf={data.asOf} timeZone={data.timeZone} stale={data.stale} problem={problem} paused={paused} t={t} />}
            footer={
              <>
                <span>{t.app.name}</span>
                {data.appraisal?.map((a, i) => (
                  <strong key={i} className="tabular-nums text-(--s-yellow)" data-testid="ballots-received">
                    {a.title} {t.evaluation.received(a.received, a.total)}
                  </strong>
                ))}
                <Indicator index={index} total={slides.length} />
                <span className="tabular-nums" data-testid="slide-indicator">
                  {index + 1} / {slides.length}
                </span>
              </>
            }
          >
            <SlideBody slide={slide} data={data} locale={locale} t={t} />
          </SlideFrame>
        </div>
        {!paused && (
          <div
            key={`${position.turn}-${slide.id}`}
            className="screen-progress absolute bottom-0 left-0 h-[0.35rem] w-full bg-(--s-brand) opacity-70"
            style={{ animationDuration: `${rotateMs}ms` }}
            aria-hidden
          />
        )}
        <Controls
          visible={!idle}
          paused={paused}
          fullscreen={fullscreen}
          token={token}
          snapshotAction={snapshotAction}
          onPrevious={() => step(-1)}
          onNext={() => step(1)}
          onPause={() => {
            setPaused((p) => !p);
            setPosition((p) => ({ ...p, turn: p.turn + 1 }));
          }}
          onFullscreen={toggleFullscreen}
          t={t}
        />
      </section>
    </div>
  );
}

function toggleFullscreen() {
  if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
  else void document.documentElement.requestFullscreen().catch(() => undefined);
}

function Indicator({ index, total }: { index: number; total: number }) {
  return (
    <span className="flex items-center gap-[0.6rem]" aria-hidden>
      {Array.from({ length: total }, (_, i) => (
        <span key={i} className={`block h-[0.8rem] rounded-full transition-all ${i === index ? "w-[2.4rem] bg-(--s-fg)" : "w-[0.8rem] bg-(--s-line)"}`} />
      ))}
    </span>
  );
}

type Messages = ReturnType<typeof messagesFor>;

function Status({
  asOf,
  timeZone,
  stale,
  problem,
  paused,
  t,
}: {
  asOf: string;
  timeZone: string;
  stale: boolean;
  problem: FeedProblem;
  paused: boolean;
  t: Messages;
}) {
  const marker =
    problem === "offline"
      ? { short: t.screen.offline, detail: t.screen.offlineDetail }
      : problem === "refused"
        ? { short: t.screen.refused, detail: t.screen.refusedDetail }
        : stale
          ? { short: t.screen.stale, detail: t.screen.staleDetail }
          : null;
  return (
    <div className="flex flex-col items-end gap-[0.5rem]">
      <p className="text-[1.75rem] text-(--s-muted)" data-testid="as-of">
        {t.screen.asOf}{" "}
        <time dateTime={asOf} className="font-semibold tabular-nums text-(--s-fg)">
          {clockText(asOf, timeZone)}
        </time>
      </p>
      <p className="flex h-[2.4rem] items-center gap-[1rem] text-[1.5rem]" role="status">
        {paused && <span className="rounded-full border border-(--s-line) px-[1rem] text-(--s-muted)">❚❚ {t.screen.paused}</span>}
        {marker && (
          <span
            className="flex items-center gap-[0.5rem] rounded-full border border-(--s-yellow) px-[1rem] text-(--s-yellow)"
            title={marker.detail}
            data-testid="offline-marker"
          >
            <span className="inline-block size-[0.8rem] rounded-full bg-(--s-yellow)" aria-hidden />
            {marker.short}
            <span className="sr-only">{marker.detail}</span>
          </span>
        )}
      </p>
    </div>
  );
}

function Controls(props: {
  visible: boolean;
  paused: boolean;
  fullscreen: boolean;
  token?: string;
  snapshotAction?: () => Promise<SnapshotActionResult>;
  onPrevious: () => void;
  onNext: () => void;
  onPause: () => void;
  onFullscreen: () => void;
  t: Messages;
}) {
  const { t } = props;
  const c = t.screen.controls;
  const [note, setNote] = useState<string | null>(null);
  const [packing, startPack] = useTransition();
  const [snapping, startSnap] = useTransition();
  const noteTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(noteTimer.current), []);
  const say = (text: string) => {
    setNote(text);
    clearTimeout(noteTimer.current);
    noteTimer.current = setTimeout(() => setNote(null), 8_000);
  };

  const downloadPack = () =>
    startPack(async () => {
      try {
        const res = await fetch("/api/screen/pack.pdf", { headers: props.token ? { Authorization: `Bearer ${props.token}` } : {}, cache: "no-store" });
        if (!res.ok) throw new Error(String(res.status));
        const url = URL.createObjectURL(await res.blob());
        const a = document.createElement("a");
        a.href = url;
        a.download = /filename="([^"]+)"/u.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? "meeting-pack.pdf";
        a.click();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
      } catch {
        say(c.packFailed);
      }
    });

  const snapshot = props.snapshotAction;
  const takeSnapshot = snapshot
    ? () =>
        startSnap(async () => {
          const result = await snapshot();
          say(result.ok ? c.snapshotDone(result.id, result.date) : result.message);
        })
    : undefined;

  const button =
    "rounded-lg border border-white/25 bg-white/10 px-3 py-2 font-medium text-white hover:bg-white/20 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white disabled:opacity-60";
  return (
    <div className="pointer-events-none absolute inset-x-0 bottom-[6rem] flex flex-col items-center gap-2 text-[15px]">
      {/* The outcome of a click stays readable even after the controls fade. */}
      {note && (
        <p role="status" className="rounded-lg bg-black/85 px-4 py-2 text-white" data-testid="controls-note">
          {note}
        </p>
      )}
      <div
        role="toolbar"
        aria-label={c.label}
        className={`flex flex-wrap items-center justify-center gap-2 rounded-xl bg-black/80 px-3 py-2 shadow-lg transition-opacity duration-300 focus-within:pointer-events-auto focus-within:opacity-100 ${props.visible ? "pointer-events-auto opacity-100" : "opacity-0"}`}
      >
        <button type="button" className={button} onClick={props.onPrevious}>
          ← {c.previous}
        </button>
        <button type="button" className={button} onClick={props.onPause} aria-pressed={props.paused}>
          {props.paused ? `▶ ${c.resume}` : `❚❚ ${c.pause}`}
        </button>
        <button type="button" className={button} onClick={props.onNext}>
          {c.next} →
        </button>
        <button type="button" className={button} onClick={props.onFullscreen}>
          {props.fullscreen ? c.exitFullscreen : c.fullscreen}
        </button>
        <button type="button" className={button} onClick={downloadPack} disabled={packing}>
          {packing ? c.packing : c.pack}
        </button>
        {takeSnapshot && (
          <button type="button" className={button} onClick={takeSnapshot} disabled={snapping}>
            {snapping ? c.snapshotting : c.snapshot}
          </button>
        )}
        <span className="hidden px-2 text-white/70 lg:inline">{c.keys}</span>
      </div>
    </div>
  );
}
