/**
 * How each example of the documentation is run and what it must do. Every example the
 * docs show must have an entry here (the test fails on one that has none, and on an entry
 * no document shows any more), so a new example is run from the day it is written.
 *
 * What the test changes, and only this: the addresses of the Amberflo servers
 * (`127.0.0.1:4010`, `https://app.amberflo.io`) become the local simulator's, `redis://127.0.0.1:6379`
 * becomes the test's own Redis (also in LOOM_REDIS_URL, with a LOOM_QUEUE_KEY, as the queue's README
 * sets a machine up), and an `export NAME=...` line takes the value in `environment` (the simulator's key).
 */

export interface CommandCase {
  /** The exit code the example must end with. */
  readonly exit?: number;
  /** Text the output (stdout + stderr) must contain. */
  readonly output?: RegExp;
  /** The example keeps running (a server): it must print this, then it is stopped with Ctrl-C. */
  readonly until?: RegExp;
  /** The example is run elsewhere, as written: the file that runs it and the text of the command it runs. */
  readonly coveredBy?: { readonly file: string; readonly runs: string };
  /** The example is typed in the repository's root (pnpm's scripts are the root package's). */
  readonly fromRepository?: boolean;
  /** Written files the example must create, relative to its folder. */
  readonly creates?: readonly string[];
}

export const commandCases: Readonly<Record<string, CommandCase>> = {
  // README.md
  // CI installs on a fresh clone and runs the tests; `npx --yes pnpm@10 demo` is run below, as written.
  'npx --yes pnpm@10 install && npx --yes pnpm@10 demo': { coveredBy: { file: '.ci/run', runs: 'npx --yes pnpm@10 install' } },
  'npx --yes pnpm@10 install && npx --yes pnpm@10 test': { coveredBy: { file: '.ci/run', runs: 'npx --yes pnpm@10 test' } },
  'npm install --global ./packages/cli   # links this checkout\'s built command (keep the folder; rebuilds are picked up)': {
    coveredBy: { file: 'test/run-from-cwd.test.ts', runs: 'npm install --global ./packages/cli' },
  },
  'loom --version': { exit: 0, output: /^\d+\.\d+\.\d+/ },
  'pnpm -s loom validate examples/spec/pet-coupons.arazzo.yaml': { exit: 0, fromRepository: true },
  // The spec's own BNPL example has four true defects: the example shows how they are reported.
  'pnpm -s loom validate examples/spec/bnpl-arazzo.yaml --source BnplApi=examples/spec/bnpl-openapi.yaml --format json': {
    exit: 1,
    output: /"valid": false/,
    fromRepository: true,
  },
  'pnpm -s loom run examples/amberflo/arazzo/launch-usage-based-product.arazzo.yaml \\\n  --inputs examples/amberflo/inputs.json --input customerEmail=ops@acme.test \\\n  --server meteringApi=http://127.0.0.1:4010 --server billingApi=http://127.0.0.1:4010 --json':
    { exit: 0, output: /"status": "success"/, fromRepository: true },

  // packages/spectral-ruleset/README.md
  'loom lint flows/*.arazzo.yaml                     # stylish output, grouped by file, with the offending line': { exit: 0 },
  'loom lint flows/checkout.arazzo.yaml --format sarif > lint.sarif': { exit: 0, creates: ['lint.sarif'] },
  // --fail-on warn makes the example's warnings fail: that is what the example shows.
  'loom lint flows/checkout.arazzo.yaml --fail-on warn --format junit > lint.xml': { exit: 1, creates: ['lint.xml'] },
  'loom lint flows/*.arazzo.yaml -f github-actions -F warn   # annotations in a GitHub workflow; -F is --fail-on': {
    exit: 1,
    output: /^::warning file=flows\/checkout\.arazzo\.yaml,line=\d+/m,
  },
  'loom lint flows/*.arazzo.yaml --quiet -f text            # errors only, one line each': { exit: 0 },

  // examples/amberflo/README.md
  'pnpm simulator                       # or: node simulator/cli.mjs': { until: /http:\/\/127\.0\.0\.1:\d+/ },
  'pnpm simulator --port 4010           # a fixed port (default 0: a free one, printed at start)': { until: /http:\/\/127\.0\.0\.1:\d+/ },
  'pnpm simulator --api-key my-key      # a key of your own (not printed)': { until: /http:\/\/127\.0\.0\.1:\d+/ },
  'npx --yes pnpm@10 demo': { exit: 0, output: /queryUsage api-calls: 42 for acme-001/, fromRepository: true },
  'pnpm -s loom run examples/amberflo/arazzo/launch-usage-based-product.arazzo.yaml \\\n  --inputs examples/amberflo/inputs.json --input customerEmail=ops@acme.test \\\n  --server meteringApi=http://127.0.0.1:4010 --server billingApi=http://127.0.0.1:4010':
    { exit: 0, output: /success/, fromRepository: true },
  'loom run examples/amberflo/arazzo/launch-usage-based-product.arazzo.yaml \\\n  --server meteringApi=https://app.amberflo.io --server billingApi=https://app.amberflo.io \\\n  --input apiKey=$AMBERFLO_API_KEY \\\n  --input meterApiName=api-calls --input displayName="API calls" --input type=SUM_OF_ALL_USAGE \\\n  --input customerId=acme-001 --input customerName="Acme Ltd" --input productId="$AMBERFLO_PRODUCT_ID" \\\n  --input meterValue=42 --input meterTimeInMillis=$(($(date +%s) * 1000))':
    { exit: 0, output: /success/ },

  // --help texts
  'loom validate examples/amberflo/arazzo/launch-usage-based-product.arazzo.yaml': { exit: 0 },
  'loom validate examples/spec/bnpl-arazzo.yaml --source BnplApi=examples/spec/bnpl-openapi.yaml --format json': { exit: 1, output: /"valid": false/ },
  'loom lint examples/amberflo/arazzo/launch-usage-based-product.arazzo.yaml': { exit: 0 },
  'loom lint workflows/*.arazzo.yaml --format sarif > loom.sarif': { exit: 0, creates: ['loom.sarif'] },
  // -F warn: the spec's OAuth example has a warning, so the example fails, with an annotation.
  'loom lint workflows/*.arazzo.yaml -f github-actions -F warn': { exit: 1, output: /^::warning file=workflows\/oauth\.arazzo\.yaml,line=\d+/m },
  'loom run examples/amberflo/arazzo/launch-usage-based-product.arazzo.yaml \\\n--inputs examples/amberflo/inputs.json \\\n--server meteringApi=http://127.0.0.1:4010 --server billingApi=http://127.0.0.1:4010':
    { exit: 0, output: /success/ },
  // --dry-run: the diff is printed, the reference example is not touched.
  'loom fix examples/amberflo/arazzo/launch-usage-based-product.arazzo.yaml --dry-run': {
    exit: 0,
    output: /\+\s+operationId: \$sourceDescriptions\.meteringApi\.createMeterDefinition/,
  },
  // The key comes from examples/amberflo/demo.env (D78).
  'loom run examples/amberflo/arazzo/launch-usage-based-product.arazzo.yaml \\\n--inputs examples/amberflo/inputs.json \\\n--env-file examples/amberflo/demo.env --input-env apiKey=AMBERFLO_API_KEY \\\n--server meteringApi=http://127.0.0.1:4010 --server billingApi=http://127.0.0.1:4010':
    { exit: 0 },
  'loom env examples/amberflo/arazzo/launch-usage-based-product.arazzo.yaml --input-env apiKey=AMBERFLO_API_KEY': { exit: 0, output: /meteringApi\.ApiKeyAuth \(apiKey in header X-API-KEY\)/ },

  'loom test examples/amberflo/arazzo --reporter junit=loom-tests.xml \\\n--server meteringApi=http://127.0.0.1:4010 --server billingApi=http://127.0.0.1:4010': {
    exit: 0,
    output: /1 passed, 0 failed, 0 skipped, 0 flaky/,
    creates: ['loom-tests.xml'],
  },
  'loom run examples/amberflo/arazzo/launch-usage-based-product.arazzo.yaml \\\n--inputs examples/amberflo/inputs.json --trace launch.trace.jsonl --quiet \\\n--server meteringApi=http://127.0.0.1:4010 --server billingApi=http://127.0.0.1:4010 \\\n&& loom replay launch.trace.jsonl':
    { exit: 0, output: /launch-usage-based-product: 4 requests and the outputs as recorded/, creates: ['launch.trace.jsonl'] },

  'loom list examples/amberflo/arazzo/launch-usage-based-product.arazzo.yaml': { exit: 0, output: /launch-usage-based-product/ },
  // stdio: the example's stdin is empty, so the server ends at once, cleanly.
  'loom mcp examples/amberflo/arazzo/launch-usage-based-product.arazzo.yaml \\\n--server meteringApi=http://127.0.0.1:4010 --server billingApi=http://127.0.0.1:4010': { exit: 0 },
  'loom mcp examples/amberflo/arazzo --http 0 --workflow launch-usage-based-product \\\n--server meteringApi=http://127.0.0.1:4010 --server billingApi=http://127.0.0.1:4010':
    { until: /1 tool at http:\/\/127\.0\.0\.1:\d+\/mcp/ },
  'loom describe examples/amberflo/arazzo/launch-usage-based-product.arazzo.yaml': { exit: 0, output: /createMeter/ },
  'loom graph examples/spec/pet-coupons.arazzo.yaml --workflow apply-coupon --format dot > flow.dot   # Graphviz: dot -Tsvg flow.dot > flow.svg':
    { exit: 0, creates: ['flow.dot'] },
  'loom types examples/amberflo/arazzo/launch-usage-based-product.arazzo.yaml --out src/amberflo-workflows.ts': {
    exit: 0,
    creates: ['src/amberflo-workflows.ts'],
  },
  'mkdir -p ~/.local/share/bash-completion/completions && loom completion bash > ~/.local/share/bash-completion/completions/loom': {
    exit: 0,
    creates: ['~/.local/share/bash-completion/completions/loom'],
  },
  'mkdir -p ~/.zfunc && loom completion zsh > ~/.zfunc/_loom      # and in ~/.zshrc: fpath=(~/.zfunc $fpath); autoload -Uz compinit; compinit':
    { exit: 0, creates: ['~/.zfunc/_loom'] },
  'mkdir -p ~/.config/fish/completions && loom completion fish > ~/.config/fish/completions/loom.fish': {
    exit: 0,
    creates: ['~/.config/fish/completions/loom.fish'],
  },

  // The queue commands' --help, run in this order against the test's Redis: queue a run, a worker carries
  // it out (against the simulator) until it is stopped, then status, results, cancel and a schedule.
  'loom enqueue examples/amberflo/arazzo/launch-usage-based-product.arazzo.yaml \\\n--inputs examples/amberflo/inputs.json --job-id launch-acme \\\n--server meteringApi=http://127.0.0.1:4010 --server billingApi=http://127.0.0.1:4010': {
    exit: 0,
    output: /^launch-acme$/m,
  },
  'loom worker --redis redis://127.0.0.1:6379 --concurrency 8': { until: /launch-acme {2}succeeded {2}workflow launch-usage-based-product/ },
  'loom status launch-acme': { exit: 0, output: /^launch-acme {2}succeeded/ },
  'loom results --status completed --since 1h': { exit: 0, output: /^launch-acme {2}succeeded/m },
  'loom cancel launch-acme': { exit: 0, output: /^launch-acme: not changed: it is completed already/ },
  'loom schedule examples/amberflo/arazzo/launch-usage-based-product.arazzo.yaml \\\n--inputs examples/amberflo/inputs.json --every 1h --id hourly-launch-check': {
    exit: 0,
    output: /^hourly-launch-check: scheduled; next run /m,
  },
  // packages/queue/README.md
  'loom enqueue examples/amberflo/arazzo/launch-usage-based-product.arazzo.yaml --inputs examples/amberflo/inputs.json --job-id readme-launch --queue trial --server meteringApi=http://127.0.0.1:4010 --server billingApi=http://127.0.0.1:4010':
    { exit: 0, output: /^readme-launch$/m },
  'loom status readme-launch --queue trial': { exit: 0, output: /^readme-launch {2}waiting {2}workflow launch-usage-based-product/m },
  'loom schedule --list --queue trial': { exit: 0 },
  'loom dashboard --port 3000': { until: /loom dashboard: http:\/\/127\.0\.0\.1:3000\/ \(Ctrl-C to stop\)/ },
};
