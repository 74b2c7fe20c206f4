// MET-040: the few shapes of Grafana's dashboard JSON model (schemaVersion 39,
// Grafana 10+) that our dashboards use, built by small functions so each
// dashboard file reads as a list of panels and queries. Every panel queries
// the Prometheus data source picked in the dashboard's `datasource` variable,
// so an import asks for nothing but that choice.

/** Grafana's JSON model version these files are written against (Grafana 10.4 / 11). */
export const SCHEMA_VERSION = 39;

const DATASOURCE = { type: 'prometheus', uid: '${datasource}' } as const;

export interface Target {
  expr: string;
  /** Series name in the legend, e.g. `{{pool_id}}`. */
  legend: string;
  /** One value per series at the dashboard's end time (tables). */
  instant?: boolean;
}

export interface PanelSpec {
  title: string;
  description: string;
  /** Grafana unit id: `short`, `ms`, `bytes`, `percentunit`, `reqps`. */
  unit: string;
  targets: Target[];
  kind?: 'timeseries' | 'table' | 'stat';
  /** Grid width out of 24; panels wrap to the next row. Default 12. */
  width?: number;
}

export interface Panel {
  id: number;
  type: string;
  title: string;
  description: string;
  datasource: typeof DATASOURCE;
  gridPos: { h: number; w: number; x: number; y: number };
  fieldConfig: { defaults: { unit: string }; overrides: never[] };
  options: Record<string, unknown>;
  targets: Record<string, unknown>[];
}

export interface Dashboard {
  uid: string;
  title: string;
  description: string;
  tags: string[];
  timezone: string;
  editable: boolean;
  graphTooltip: number;
  refresh: string;
  schemaVersion: number;
  version: number;
  time: { from: string; to: string };
  templating: { list: Record<string, unknown>[] };
  annotations: { list: never[] };
  panels: Panel[];
}

const HEIGHT = 8;

const OPTIONS: Record<string, Record<string, unknown>> = {
  timeseries: {
    legend: { displayMode: 'list', placement: 'bottom', showLegend: true },
    tooltip: { mode: 'multi', sort: 'desc' },
  },
  table: { showHeader: true, cellHeight: 'sm' },
  stat: { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'value' },
};

function panels(specs: readonly PanelSpec[]): Panel[] {
  let x = 0;
  let y = 0;
  return specs.map((spec, index) => {
    const w = spec.width ?? 12;
    if (x + w > 24) {
      x = 0;
      y += HEIGHT;
    }
    const type = spec.kind ?? 'timeseries';
    const panel: Panel = {
      id: index + 1,
      type,
      title: spec.title,
      description: spec.description,
      datasource: DATASOURCE,
      gridPos: { h: HEIGHT, w, x, y },
      fieldConfig: { defaults: { unit: spec.unit }, overrides: [] },
      options: OPTIONS[type] ?? {},
      targets: spec.targets.map((t, i) => ({
        refId: String.fromCharCode(65 + i),
        datasource: DATASOURCE,
        expr: t.expr,
        legendFormat: t.legend,
        range: t.instant !== true,
        instant: t.instant === true,
        ...(t.instant === true ? { format: 'table' } : {}),
      })),
    };
    x += w;
    return panel;
  });
}

export function dashboard(uid: string, title: string, description: string, specs: PanelSpec[]): Dashboard {
  return {
    uid,
    title,
    description,
    tags: ['llama-orch'],
    timezone: 'browser',
    editable: true,
    graphTooltip: 1,
    refresh: '10s',
    schemaVersion: SCHEMA_VERSION,
    version: 1,
    time: { from: 'now-1h', to: 'now' },
    templating: {
      list: [
        {
          name: 'datasource',
          label: 'Prometheus',
          type: 'datasource',
          query: 'prometheus',
          current: {},
          hide: 0,
          refresh: 1,
        },
      ],
    },
    annotations: { list: [] },
    panels: panels(specs),
  };
}

/** Every query of a dashboard, with the panel it belongs to (for checks and messages). */
export function dashboardQueries(board: Dashboard): { panel: string; expr: string }[] {
  return board.panels.flatMap((p) =>
    p.targets.map((t) => ({ panel: `${board.uid} / ${p.title}`, expr: String(t['expr']) })),
  );
}
