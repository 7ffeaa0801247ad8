import type { ECharts } from "echarts/core";
import * as echarts from "echarts/core";
import { useEffect, useRef } from "react";

export interface EChartClick {
  seriesIndex?: number;
  dataIndex?: number;
}

export interface EChartProps {
  /** A complete option; a new object replaces the drawn one (`notMerge`). */
  option: Record<string, unknown>;
  height: number;
  /** ECharts' own texts (toolbox, aria): "RU" or "EN". */
  locale: string;
  onClick?: (params: EChartClick) => void;
}

/**
 * One ECharts instance (SVG) on a div, full width. The instance is created in the div's first ResizeObserver
 * callback, which brings the laid-out width: no forced layout per chart, one instance per chart and no frame of
 * delay (echarts-for-react created a sizing instance, waited for its "finished" frame, read clientWidth, disposed it
 * and created the real one — on a dashboard of nine charts that was most of ECharts' start-up time).
 */
export function EChart({ option, height, locale, onClick }: EChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const instance = useRef<ECharts | null>(null);
  const latest = useRef({ option, onClick });
  latest.current = { option, onClick };

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const create = (width: number | undefined) => {
      const chart = echarts.init(el, undefined, {
        renderer: "svg",
        locale,
        height,
        ...(width ? { width } : {}),
      });
      chart.on("click", (p) => latest.current.onClick?.(p as EChartClick));
      chart.setOption(latest.current.option, { notMerge: true });
      instance.current = chart;
    };
    if (typeof ResizeObserver === "undefined") {
      create(undefined);
      return () => dispose(instance);
    }
    const observer = new ResizeObserver((entries) => {
      const width = entries[0]?.contentRect.width;
      if (!instance.current) create(width);
      else if (width) instance.current.resize({ width, height });
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      dispose(instance);
    };
  }, [height, locale]);

  useEffect(() => {
    instance.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={ref} style={{ height, width: "100%" }} />;
}

function dispose(instance: { current: ECharts | null }): void {
  instance.current?.dispose();
  instance.current = null;
}
