// OpenAPI 3.1 description of every route (served at GET /api/openapi.json).
const err = { description: "Error", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
const ok = (description: string, schema: object = { type: "object" }) => ({ description, content: { "application/json": { schema } } });
const body = (schema: object) => ({ required: true, content: { "application/json": { schema } } });
const p = (name: string, where: "path" | "query" = "path", schema: object = { type: "string" }) => ({ name, in: where, required: where === "path", schema });

export const openapi = {
  openapi: "3.1.0",
  info: { title: "Backfill Studio API", version: "0.1.0", description: "UDF columns and backfills on LanceDB tables." },
  paths: {
    "/api/health": {
      get: {
        summary: "Liveness, the preview sandbox's limits, and whether a local job started now gets a warm job host", responses: {
          200: ok("OK", { type: "object", properties: { ok: { type: "boolean" },
            previewSandbox: { type: "object", description: "timeoutS, memoryMb, maxProcs, maxOutputMb, workers; procLimit: how the process limit is enforced here (cgroup, rlimit, none)" },
            warmHost: { type: "object", properties: {
              policy: { enum: ["after-job", "eager", "off"], description: "BFS_WARM_HOST" },
              state: { enum: ["ready", "starting", "none", "off"] } } } } }),
        },
      },
    },
    "/api/openapi.json": { get: { summary: "This document", responses: { 200: ok("OpenAPI document") } } },
    "/api/tables": { get: { summary: "List tables", responses: { 200: ok("Tables", { type: "array", items: { $ref: "#/components/schemas/TableSummary" } }) } } },
    "/api/tables/{table}": {
      get: { summary: "Describe a table", parameters: [p("table")], responses: { 200: ok("Table", { $ref: "#/components/schemas/Table" }), 404: err } },
    },
    "/api/tables/{table}/rows": {
      get: {
        summary: "Read rows", parameters: [p("table"), p("limit", "query", { type: "integer", minimum: 1, maximum: 1000, default: 50 }),
          p("offset", "query", { type: "integer", minimum: 0 }), p("where", "query"), p("columns", "query", { type: "string", description: "comma-separated" }),
          p("count", "query", { type: "boolean", description: "also return `total`, the number of rows matching `where`" })],
        responses: { 200: ok("Rows; binary cells are {$bytes: base64, size}", { type: "object", properties: { rows: { type: "array", items: { type: "object" } }, total: { type: "integer" } } }), 400: err, 404: err },
      },
    },
    "/api/tables/{table}/columns": {
      post: {
        summary: "Add a UDF column (nullable, all NULL, no data rewrite)", parameters: [p("table")],
        requestBody: body({ type: "object", required: ["name", "source"], properties: { name: { type: "string" }, source: { type: "string" } } }),
        responses: { 201: ok("Added", { type: "object", properties: { udf: { $ref: "#/components/schemas/Udf" } } }), 400: err, 404: err, 409: err },
      },
    },
    "/api/tables/{table}/columns/{column}/udf": {
      get: { summary: "A column's UDF", parameters: [p("table"), p("column")], responses: { 200: ok("UDF"), 404: err } },
      put: {
        summary: "Replace a column's UDF (values stay; the next default backfill recomputes)", parameters: [p("table"), p("column")],
        requestBody: body({ type: "object", required: ["source"], properties: { source: { type: "string" } } }),
        responses: { 200: ok("Replaced"), 400: err, 404: err },
      },
    },
    "/api/udfs/validate": {
      post: {
        summary: "Validate UDF source (against a table when given)",
        requestBody: body({ type: "object", required: ["source"], properties: { source: { type: "string" }, table: { type: "string" }, column: { type: "string" } } }),
        responses: { 200: ok("Valid"), 400: err, 404: err },
      },
    },
    "/api/preview": {
      post: {
        summary: "Run a UDF on sample rows",
        requestBody: body({ type: "object", required: ["table", "source"], properties: {
          table: { type: "string" }, source: { type: "string" }, limit: { type: "integer", default: 20, maximum: 1000 }, where: { type: "string" },
          sample: { enum: ["first", "random"] }, column: { type: "string" } } }),
        responses: { 200: ok("Rows with output or error", { $ref: "#/components/schemas/Preview" }), 400: err, 404: err,
          408: { ...err, description: "The preview ran past its time limit (BFS_PREVIEW_TIMEOUT_S)" },
          422: { ...err, description: "The UDF's process hit a sandbox limit (memory, processes, output size), exited or crashed; the message names which" } },
      },
    },
    "/api/tables/{table}/backfills": {
      post: {
        summary: "Dry-run or launch a backfill", parameters: [p("table")],
        requestBody: body({ type: "object", required: ["column"], properties: {
          column: { type: "string" }, where: { type: "string", description: "Lance SQL filter; default: NULL or stale rows" },
          concurrency: { type: "integer", minimum: 1, maximum: 64 }, checkpointSize: { type: "integer", minimum: 1 },
          dryRun: { type: "boolean" }, runner: { enum: ["local", "ray"], description: "default: ray when cluster is given, else local" },
          cluster: { type: "string", description: "runner ray: a registered cluster's name" },
          workerGroup: { oneOf: [{ type: "object", additionalProperties: { type: "string" }, description: "node label selector, e.g. {\"group\": \"gpu-sim\"} (values: v, !v, in(a,b), !in(a,b))" },
            { type: "string", description: "a custom resource name: workers run only on nodes that have it" }] },
          pip: { type: "array", items: { type: "string" }, description: "runner ray: extra pip requirements (runtime_env.pip)" },
          failedRowsOf: { type: "string", description: "job id: re-run the rows that failed or were skipped in it" },
          clusterConfig: { type: "string", description: "check the UDF's needs against this saved cluster configuration first (400 when no worker group fits)" },
          clusterConfigVersion: { type: "integer", minimum: 1, description: "the version of clusterConfig (default: latest)" },
          exitMode: { enum: ["delete", "retain", "retain-on-failure"], description: "runner ray on a cluster created on Kubernetes: what happens to the RayCluster when the job ends" } } }),
        responses: { 200: ok("Dry-run plan", { $ref: "#/components/schemas/Plan" }), 202: ok("Launched", { type: "object", properties: { jobId: { type: "string" } } }), 400: err, 404: err, 409: err },
      },
    },
    "/api/jobs": {
      get: { summary: "List jobs, newest first", parameters: [p("table", "query"), p("column", "query"), p("state", "query", { $ref: "#/components/schemas/JobState" })],
        responses: { 200: ok("Jobs", { type: "array", items: { $ref: "#/components/schemas/Job" } }), 400: err } },
    },
    "/api/jobs/{id}": { get: { summary: "A job", parameters: [p("id")], responses: { 200: ok("Job", { $ref: "#/components/schemas/Job" }), 404: err } } },
    "/api/jobs/{id}/events": {
      get: { summary: "Live updates (text/event-stream): progress ≥1/s while running and at each change, log lines, then end", parameters: [p("id")],
        responses: { 200: { description: "SSE stream", content: { "text/event-stream": { schema: { type: "string" } } } }, 404: err } },
    },
    "/api/jobs/{id}/cancel": { post: { summary: "Cancel (local workers stop within 2 s, Ray workers within 5 s; committed data stays)", parameters: [p("id")], responses: { 200: ok("Job"), 404: err, 409: err } } },
    "/api/jobs/{id}/resume": { post: { summary: "Resume a failed or cancelled job from its checkpoints", parameters: [p("id")], responses: { 202: ok("Job"), 404: err, 409: err } } },
    "/api/jobs/{id}/errors": {
      get: { summary: "Failed or skipped rows", parameters: [p("id"), p("limit", "query", { type: "integer", default: 100 })],
        responses: { 200: ok("Row errors", { type: "array", items: { $ref: "#/components/schemas/RowError" } }), 400: err, 404: err } },
    },
    "/api/jobs/{id}/fragments": {
      get: { summary: "Per-fragment state, columnar (indexes into states: pending, running, checkpointed, committed, failed)", parameters: [p("id")],
        responses: { 200: ok("Fragments", { type: "object", properties: { states: { type: "array" }, ids: { type: "array" }, rows: { type: "array" }, batches: { type: "array" }, batchesDone: { type: "array" }, state: { type: "array" } } }), 404: err } },
    },
    "/api/clusters": {
      get: { summary: "Registered clusters with live status (tokens are never returned)", responses: { 200: ok("Clusters", { type: "array", items: { $ref: "#/components/schemas/Cluster" } }) } },
      post: {
        summary: "Register a Ray cluster (checked by calling it), or start/reuse a local Ray head with {kind: \"local-ray\"}",
        requestBody: body({ type: "object", properties: {
          name: { type: "string", description: "letters, digits, . _ -; default \"local-ray\" for kind local-ray" },
          kind: { enum: ["ray", "local-ray"], default: "ray" },
          address: { type: "string", description: "kind ray: the dashboard URL, e.g. http://127.0.0.1:8265" },
          token: { type: "string", description: "Ray token auth; stored as a secret, never returned" },
          installDeps: { type: "boolean", description: "declare the data plane's pip dependencies in the runtime env (clusters without pylance)" } } }),
        responses: { 201: ok("Registered", { $ref: "#/components/schemas/Cluster" }), 400: err, 409: err, 500: err },
      },
    },
    "/api/clusters/{name}": {
      get: { summary: "A cluster: Ray version, nodes (alive, resources, labels), up or down", parameters: [p("name")], responses: { 200: ok("Cluster", { $ref: "#/components/schemas/Cluster" }), 404: err } },
      delete: { summary: "Forget a cluster (a local-ray head is stopped)", parameters: [p("name")], responses: { 200: ok("Deleted"), 404: err, 409: err } },
    },
    "/api/cluster-configs": {
      get: { summary: "Saved cluster configurations (latest version of each)", responses: { 200: ok("Configurations", { type: "array", items: { $ref: "#/components/schemas/ClusterConfigSummary" } }) } },
      post: {
        summary: "Save a new cluster configuration (version 1); ?dryRun=true only checks it",
        parameters: [p("dryRun", "query", { type: "boolean", description: "check only: 200 {valid, errors, warnings, manifest, yaml}" })],
        requestBody: body({ allOf: [{ $ref: "#/components/schemas/ClusterConfig" }, { type: "object", properties: { note: { type: "string" } } }] }),
        responses: { 201: ok("Saved", { $ref: "#/components/schemas/ClusterConfigView" }), 200: ok("dryRun result", { $ref: "#/components/schemas/DesignCheck" }),
          400: { description: "Invalid: error names each field; details.errors = [{path, message}]", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } }, 409: err },
      },
    },
    "/api/cluster-configs/{name}": {
      get: { summary: "A configuration (latest, or ?version=N) and its versions", parameters: [p("name"), p("version", "query", { type: "integer" })], responses: { 200: ok("Configuration", { $ref: "#/components/schemas/ClusterConfigView" }), 404: err } },
      put: { summary: "Save a new version (unchanged content: no new version, unchanged: true)", parameters: [p("name")],
        requestBody: body({ allOf: [{ $ref: "#/components/schemas/ClusterConfig" }, { type: "object", properties: { note: { type: "string" } } }] }), responses: { 200: ok("Saved", { $ref: "#/components/schemas/ClusterConfigView" }), 400: err, 404: err } },
      delete: { summary: "Delete a configuration and all its versions", parameters: [p("name")], responses: { 200: ok("Deleted"), 404: err } },
    },
    "/api/cluster-configs/{name}/manifest": {
      get: {
        summary: "The KubeRay RayCluster (ray.io/v1) of a configuration", parameters: [p("name"), p("version", "query", { type: "integer" }), p("namespace", "query"), p("format", "query", { enum: ["json", "yaml"], default: "json" })],
        responses: { 200: { description: "RayCluster", content: { "application/json": { schema: { type: "object" } }, "application/yaml": { schema: { type: "string" } } } }, 400: err, 404: err },
      },
    },
    "/api/cluster-configs/{name}/diff": {
      get: { summary: "Changes between two versions (default: latest vs the one before): fields, and manifest YAML lines", parameters: [p("name"), p("from", "query", { type: "integer" }), p("to", "query", { type: "integer" })],
        responses: { 200: ok("Diff", { type: "object", properties: { from: { type: "integer" }, to: { type: "integer" },
          changes: { type: "array", items: { type: "object", properties: { path: { type: "string" }, kind: { enum: ["added", "removed", "changed"] }, before: {}, after: {} } } },
          yaml: { type: "array", items: { type: "object", properties: { op: { enum: [" ", "+", "-"] }, text: { type: "string" } } } } } }), 404: err } },
    },
    "/api/cluster-configs/{name}/check": {
      post: {
        summary: "Can the configuration run a UDF's workers? {table, column} or {numCpus, numGpus, memory}, workerGroup?, version?",
        parameters: [p("name")], requestBody: body({ type: "object", properties: { table: { type: "string" }, column: { type: "string" }, numCpus: { type: "number" }, numGpus: { type: "number" },
          memory: { type: "number", description: "bytes" }, workerGroup: {}, version: { type: "integer" } } }),
        responses: { 200: ok("Fit", { type: "object", properties: { ok: { type: "boolean" }, message: { type: ["string", "null"] }, groups: { type: "array", items: { type: "object" } } } }), 400: err, 404: err },
      },
    },
    "/api/cluster-configs/{name}/local": {
      get: { summary: "The configuration's local shape: Ray nodes on this machine, one per group (state off when none runs)", parameters: [p("name")], responses: { 200: ok("Shape"), 404: err } },
      post: { summary: "Start the local shape (head + one node per worker group, CPUs/memory capped to this machine, GPUs logical), registered as Ray cluster shape-<name>",
        parameters: [p("name")], requestBody: body({ type: "object", properties: { version: { type: "integer", description: "default: the latest" } } }), responses: { 202: ok("Starting"), 404: err, 409: err } },
      delete: { summary: "Stop the local shape", parameters: [p("name")], responses: { 200: ok("Stopped"), 404: err, 409: err } },
    },
    "/api/kubernetes": {
      get: { summary: "Kubernetes access (kubeconfig source, context, server, namespace, or why none), RayClusters created here, exit plans", responses: { 200: ok("Kubernetes") } },
    },
    "/api/kubernetes/namespaces/{namespace}/rayclusters": {
      post: { summary: "Create the RayCluster of a saved configuration", parameters: [p("namespace")],
        requestBody: body({ type: "object", required: ["config"], properties: { config: { type: "string" }, version: { type: "integer" }, name: { type: "string", description: "default: the configuration's name" } } }),
        responses: { 201: ok("Created"), 400: err, 401: err, 403: err, 404: err, 409: err, 422: err, 502: err, 503: err } },
    },
    "/api/kubernetes/namespaces/{namespace}/rayclusters/{name}": {
      get: { summary: "RayCluster status: state, conditions, ready workers per group, head pod, connection", parameters: [p("namespace"), p("name")], responses: { 200: ok("Status", { $ref: "#/components/schemas/RayClusterStatus" }), 403: err, 404: err, 502: err, 503: err } },
      delete: { summary: "Delete the RayCluster, its port-forward and its Ray cluster registration", parameters: [p("namespace"), p("name")], responses: { 200: ok("Deleted"), 403: err, 404: err, 409: err, 502: err } },
    },
    "/api/kubernetes/namespaces/{namespace}/rayclusters/{name}/connect": {
      post: { summary: "Register the RayCluster for the Ray runner: port-forward to the head pod's dashboard (8265), or the head service in-cluster", parameters: [p("namespace"), p("name")],
        requestBody: { required: false, content: { "application/json": { schema: { type: "object", properties: { access: { enum: ["port-forward", "in-cluster"] }, cluster: { type: "string" } } } } } },
        responses: { 201: ok("Connected", { type: "object", properties: { cluster: { type: "string" }, address: { type: "string" }, access: { type: "string" } } }), 403: err, 404: err, 409: err, 502: err } },
    },
    "/api/jobs/{id}/logs": { get: { summary: "Driver and worker log lines", parameters: [p("id"), p("tail", "query", { type: "integer" })], responses: { 200: ok("Lines"), 404: err } } },
    "/api/auth/login": {
      post: { summary: "Sign in (BFS_AUTH=on): sets the httpOnly session cookie and the bfs_csrf cookie", security: [],
        requestBody: body({ type: "object", required: ["name", "password"], properties: { name: { type: "string" }, password: { type: "string" } } }),
        responses: { 200: ok("Signed in"), 400: err, 401: err, 403: err } },
    },
    "/api/auth/logout": { post: { summary: "End this browser session", responses: { 200: ok("Signed out") } } },
    "/api/auth/me": { get: { summary: "The caller: user, role, how (session, token, local) and what the role allows", responses: { 200: ok("Me") } } },
    "/api/auth/tokens": {
      get: { summary: "Your API tokens (admins: ?all=1 for everyone's); never the secrets", responses: { 200: ok("Tokens"), 401: err } },
      post: { summary: "Create an API token {name}; the secret is in this answer only", requestBody: body({ type: "object", required: ["name"], properties: { name: { type: "string" } } }),
        responses: { 201: ok("Token"), 400: err, 401: err } },
    },
    "/api/auth/tokens/{id}": { delete: { summary: "Revoke a token (yours; any as admin)", parameters: [p("id")], responses: { 200: ok("Revoked"), 404: err } } },
    "/api/users": {
      get: { summary: "Users (admin)", responses: { 200: ok("Users"), 403: err } },
      post: { summary: "Add a user (admin)", requestBody: body({ type: "object", required: ["name", "role", "password"], properties: {
        name: { type: "string" }, role: { enum: ["viewer", "author", "operator", "admin"] }, password: { type: "string", minLength: 12 } } }),
        responses: { 201: ok("User"), 400: err, 403: err, 409: err } },
    },
    "/api/users/{name}": {
      patch: { summary: "Change a user's role, password or disabled flag (admin)", parameters: [p("name")], requestBody: body({ type: "object", additionalProperties: false, properties: {
        role: { enum: ["viewer", "author", "operator", "admin"] }, password: { type: "string", minLength: 12 }, disabled: { type: "boolean" } } }),
        responses: { 200: ok("User"), 400: err, 403: err, 404: err, 409: err } },
      delete: { summary: "Remove a user: sessions end, tokens are revoked (admin)", parameters: [p("name")], responses: { 200: ok("Deleted"), 403: err, 404: err, 409: err } },
    },
    "/api/audit": {
      get: { summary: "Audit log of state-changing requests, newest first (admin)", parameters: [p("user", "query"), p("action", "query"), p("outcome", "query", { enum: ["ok", "denied", "error"] }),
        p("since", "query"), p("until", "query"), p("limit", "query", { type: "integer" })], responses: { 200: ok("Entries"), 400: err, 403: err } },
    },
  },
  components: {
    schemas: {
      Error: { type: "object", required: ["error"], properties: { error: { type: "string" }, details: {} } },
      TableSummary: { type: "object", properties: { name: { type: "string" }, numRows: { type: "integer" }, udfColumns: { type: "integer" } } },
      Udf: { type: "object", properties: { name: { type: "string" }, version: { type: "string" }, inputColumns: { type: "array", items: { type: "string" } }, dataType: { type: "string" }, source: { type: "string" } } },
      Table: { type: "object", properties: { name: { type: "string" }, numRows: { type: "integer" }, version: { type: "integer" },
        columns: { type: "array", items: { type: "object", properties: { name: { type: "string" }, type: { type: "string" }, nullable: { type: "boolean" }, udf: { $ref: "#/components/schemas/Udf" }, filled: { type: "number" } } } } } },
      Preview: { type: "object", properties: { rows: { type: "array", items: { type: "object", properties: { input: { type: "object" }, output: {}, error: { type: "object", properties: { type: { type: "string" }, message: { type: "string" }, traceback: { type: "string" } } } } } }, outputType: { type: "string" }, elapsedMs: { type: "number" } } },
      Plan: { type: "object", properties: { rowsMatching: { type: "integer" }, rowsDone: { type: "integer" }, rowsToCompute: { type: "integer" }, fragments: { type: "integer" }, batches: { type: "integer" }, rowsNull: { type: "integer" }, rowsStale: { type: "integer" } } },
      JobState: { enum: ["queued", "running", "succeeded", "failed", "cancelled"] },
      Job: { type: "object", properties: {
        id: { type: "string" }, table: { type: "string" }, column: { type: "string" }, where: { type: ["string", "null"] }, udfVersion: { type: "string" },
        runner: { enum: ["local", "ray"] }, cluster: { type: ["string", "null"] }, state: { $ref: "#/components/schemas/JobState" }, rowsPlanned: { type: "integer" }, rowsCheckpointed: { type: "integer" },
        rowsCommitted: { type: "integer" }, rowsFailed: { type: "integer" }, createdAt: { type: "string" }, startedAt: { type: ["string", "null"] },
        finishedAt: { type: ["string", "null"] }, updatedAt: { type: "string" }, error: { type: ["string", "null"] },
        events: { type: "array", items: { type: "object", properties: { ts: { type: "string" }, type: { type: "string" }, message: { type: "string" } } } } } },
      Cluster: { type: "object", required: ["name", "kind", "address"], properties: {
        name: { type: "string" }, kind: { enum: ["ray", "local-ray"] }, address: { type: "string" }, hasToken: { type: "boolean" }, installDeps: { type: "boolean" },
        createdAt: { type: "string" }, status: { enum: ["up", "down"] }, rayVersion: { type: "string" }, error: { type: "string" },
        nodes: { type: "array", items: { type: "object", properties: { id: { type: "string" }, alive: { type: "boolean" }, head: { type: "boolean" }, ip: { type: "string" },
          resources: { type: "object", additionalProperties: { type: "number" } }, labels: { type: "object", additionalProperties: { type: "string" } } } } },
        running: { type: "array", description: "Ray jobs pending or running", items: { type: "object", properties: { submissionId: { type: "string" }, status: { type: "string" }, entrypoint: { type: "string" }, backfillJobId: { type: ["string", "null"] } } } } } },
      GroupSpec: { type: "object", required: ["image", "cpus", "memory"], properties: {
        image: { type: "string" }, cpus: { oneOf: [{ type: "number", exclusiveMinimum: 0 }, { type: "string", description: "Kubernetes quantity, e.g. 500m" }] },
        memory: { type: "string", description: "Kubernetes quantity, e.g. 8Gi" }, gpus: { type: "integer", minimum: 0, description: "nvidia.com/gpu requests and limits" },
        serviceAccount: { type: "string" }, nodeSelector: { type: "object", additionalProperties: { type: "string" } },
        tolerations: { type: "array", items: { type: "object", properties: { key: { type: "string" }, operator: { enum: ["Equal", "Exists"] }, value: { type: "string" },
          effect: { enum: ["", "NoSchedule", "PreferNoSchedule", "NoExecute"] }, tolerationSeconds: { type: "integer" } } } },
        labels: { type: "object", additionalProperties: { type: "string" }, description: "Ray node labels (KubeRay group labels)" },
        resources: { type: "object", additionalProperties: { type: "number" }, description: "custom Ray resources" },
        env: { type: "object", additionalProperties: { type: "string" } } } },
      ClusterConfig: { type: "object", required: ["name", "head"], properties: {
        name: { type: "string", maxLength: 53, description: "RayCluster name: DNS-1035 label" }, namespace: { type: "string" }, rayVersion: { type: "string" }, autoscaling: { type: "boolean", default: true },
        head: { allOf: [{ $ref: "#/components/schemas/GroupSpec" }, { type: "object", properties: { runTasks: { type: "boolean", default: false } } }] },
        workerGroups: { type: "array", items: { allOf: [{ $ref: "#/components/schemas/GroupSpec" }, { type: "object", required: ["name", "minReplicas", "maxReplicas"], properties: {
          name: { type: "string" }, minReplicas: { type: "integer", minimum: 0 }, maxReplicas: { type: "integer", minimum: 0 }, replicas: { type: "integer" }, idleTimeoutSeconds: { type: "integer" } } }] } } } },
      FieldIssue: { type: "object", properties: { path: { type: "string", description: "e.g. workerGroups[1].memory" }, message: { type: "string" } } },
      DesignCheck: { type: "object", properties: { valid: { type: "boolean" }, config: { $ref: "#/components/schemas/ClusterConfig" }, errors: { type: "array", items: { $ref: "#/components/schemas/FieldIssue" } },
        warnings: { type: "array", items: { $ref: "#/components/schemas/FieldIssue" } }, manifest: { type: "object" }, yaml: { type: "string" } } },
      ClusterConfigSummary: { type: "object", properties: { name: { type: "string" }, latest: { type: "integer" }, updatedAt: { type: "string" }, summary: { type: "string" }, workerGroups: { type: "integer" }, gpuGroups: { type: "array", items: { type: "string" } } } },
      ClusterConfigView: { type: "object", properties: { name: { type: "string" }, latest: { type: "integer" }, version: { type: "integer" }, savedAt: { type: "string" }, config: { $ref: "#/components/schemas/ClusterConfig" },
        warnings: { type: "array", items: { $ref: "#/components/schemas/FieldIssue" } }, versions: { type: "array", items: { type: "object", properties: { version: { type: "integer" }, savedAt: { type: "string" }, summary: { type: "string" } } } } } },
      RayClusterStatus: { type: "object", properties: { namespace: { type: "string" }, name: { type: "string" }, state: { type: "string" }, summary: { type: "string" },
        head: { type: "object", properties: { pod: { type: ["string", "null"] }, ip: { type: ["string", "null"] }, service: { type: ["string", "null"] }, ready: { type: "boolean" } } },
        groups: { type: "array", items: { type: "object", properties: { name: { type: "string" }, desired: { type: "integer" }, ready: { type: "integer" }, min: { type: "integer" }, max: { type: "integer" } } } },
        readyWorkers: { type: "integer" }, desiredWorkers: { type: "integer" }, connection: { type: ["object", "null"] } } },
      RowError: { type: "object", properties: { rowAddress: { type: ["integer", "null"] }, errorType: { type: "string" }, message: { type: "string" }, traceback: { type: "string" }, action: { enum: ["skipped", "failed"] } } },
    },
  },
} as const;
