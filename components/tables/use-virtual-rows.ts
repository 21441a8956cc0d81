"use client";
// Tracks a scroll container and returns which rows to render (see virtual-window.ts).
import { useCallback, useEffect, useRef, useState, type RefObject } from "react";
import { virtualWindow, type VirtualWindow } from "./virtual-window";

export function useVirtualRows(count: number, rowHeight: number): { ref: RefObject<HTMLDivElement | null>; win: VirtualWindow; scrollToTop: () => void } {
  const ref = useRef<HTMLDivElement | null>(null);
  const [scroll, setScroll] = useState({ top: 0, height: 600 });

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let frame = 0;
    const read = () => {
      frame = 0;
      setScroll((s) => (s.top === el.scrollTop && s.height === el.clientHeight ? s : { top: el.scrollTop, height: el.clientHeight }));
    };
    // one state update per animation frame, however many scroll events arrive
    const onScroll = () => {
      if (!frame) frame = requestAnimationFrame(read);
    };
    read();
    el.addEventListener("scroll", onScroll, { passive: true });
    const ro = new ResizeObserver(onScroll);
    ro.observe(el);
    return () => {
      el.removeEventListener("scroll", onScroll);
      ro.disconnect();
      if (frame) cancelAnimationFrame(frame);
    };
  }, []);

  const scrollToTop = useCallback(() => {
    if (ref.current) ref.current.scrollTop = 0;
  }, []);

  return { ref, win: virtualWindow({ scrollTop: scroll.top, viewportHeight: scroll.height, rowHeight, count }), scrollToTop };
}
