/**
 * Our implementation of `@azure/functions-core`, the module the Azure Functions Node worker
 * hands to `@azure/functions`. With it installed, the real library registers functions here
 * exactly as it does under the worker, and invocations go through the library's own
 * programming model (RPC-shaped inputs in, RPC-shaped outputs back).
 * Shapes follow the worker's `types-core/index.d.ts`.
 */
import Module from 'node:module';

export interface BindingMetadata {
  readonly type: string;
  readonly direction: 'in' | 'out' | 'inout';
  readonly name?: string;
  readonly [property: string]: unknown;
}

export interface FunctionMetadata {
  readonly name: string;
  readonly bindings: Readonly<Record<string, BindingMetadata>>;
  readonly retryOptions?: unknown;
}

export type FunctionCallback = (...args: unknown[]) => unknown;

export interface RegisteredFunction {
  readonly metadata: FunctionMetadata;
  readonly callback: FunctionCallback;
  /** The binding name of the trigger, as `inputData` must name it. */
  readonly triggerName: string;
  readonly trigger: BindingMetadata;
}

/** The part of the library's ProgrammingModel the host drives. */
export interface ProgrammingModel {
  readonly name: string;
  readonly version: string;
  getInvocationModel(coreContext: CoreInvocationContext): InvocationModel;
}

export interface InvocationModel {
  getArguments(): Promise<{ context: unknown; inputs: unknown[] }>;
  invokeFunction(context: unknown, inputs: unknown[], callback: FunctionCallback): Promise<unknown>;
  getResponse(context: unknown, result: unknown): Promise<InvocationResponse>;
}

export interface InvocationResponse {
  readonly invocationId?: string;
  readonly returnValue?: RpcTypedData | null;
  readonly outputData?: ReadonlyArray<{ name: string; data: RpcTypedData }>;
}

export interface RpcTypedData {
  readonly string?: string;
  readonly json?: string;
  readonly bytes?: Uint8Array;
  readonly http?: RpcHttpData;
}

export interface RpcHttpCookie {
  readonly name: string;
  readonly value: string;
  readonly domain?: { value?: string } | null;
  readonly path?: { value?: string } | null;
  readonly expires?: { value?: { seconds?: number | string } } | null;
  readonly secure?: { value?: boolean } | null;
  readonly httpOnly?: { value?: boolean } | null;
  readonly sameSite?: 'none' | 'lax' | 'strict' | 'explicitNone';
  readonly maxAge?: { value?: number } | null;
}

export interface RpcHttpData {
  readonly method?: string;
  readonly url?: string;
  readonly headers?: Record<string, string>;
  readonly query?: Record<string, string>;
  readonly params?: Record<string, string>;
  readonly body?: RpcTypedData;
  readonly statusCode?: string;
  readonly cookies?: readonly RpcHttpCookie[];
}

export type InvocationState = 'preInvocationHooks' | 'postInvocationHooks' | 'invocation';
export type LogLevel = 'trace' | 'debug' | 'information' | 'warning' | 'error' | 'critical' | 'none';
export type LogCategory = 'user' | 'system' | 'customMetric';

export interface CoreInvocationContext {
  readonly invocationId: string;
  readonly metadata: FunctionMetadata;
  readonly request: {
    readonly invocationId: string;
    readonly inputData: ReadonlyArray<{ name: string; data: RpcTypedData }>;
    readonly triggerMetadata: Record<string, RpcTypedData>;
  };
  state?: InvocationState;
  log(level: LogLevel, category: LogCategory, message: string): void;
}

export type HookName = 'appStart' | 'appTerminate' | 'preInvocation' | 'postInvocation' | 'log';
export type HookData = Record<string, unknown>;
export type HookCallback = (context: Record<string, unknown>) => unknown;

/** What a log line carries when it comes from an invocation (for `log` hooks). */
export interface InvocationLogScope {
  readonly functionName: string;
  readonly hookData: HookData;
  invocationContext?: unknown;
}

export interface AppRegistry {
  readonly functions: Map<string, RegisteredFunction>;
  readonly hooks: Map<HookName, HookCallback[]>;
  /** Shared by every hook of the app (`appHookData` in the worker). */
  readonly appHookData: HookData;
  /** `hookData` of appStart and appTerminate hooks (the worker's app-level-only hook data). */
  readonly appLevelHookData: HookData;
  programmingModel?: ProgrammingModel;
  /** Set once appStart hooks ran: like the worker, later registrations are refused. */
  startupFinished: boolean;
  log(level: LogLevel, category: LogCategory, message: string, scope?: InvocationLogScope): void;
}

/** Mirrors the worker's Disposable, which the core module exports. */
export class Disposable {
  static from(...items: Array<{ dispose: () => unknown }>): Disposable {
    return new Disposable(() => items.forEach((item) => item.dispose()));
  }
  #callOnDispose: (() => unknown) | undefined;
  constructor(callOnDispose: () => unknown) {
    this.#callOnDispose = callOnDispose;
  }
  dispose(): unknown {
    const call = this.#callOnDispose;
    this.#callOnDispose = undefined;
    return call?.();
  }
}

function printLog(level: LogLevel, category: LogCategory, message: string, scope?: InvocationLogScope): void {
  // The worker's own chatter (system category below warning) is noise for a local run.
  if (
    level === 'none' ||
    (category === 'system' && (level === 'trace' || level === 'debug' || level === 'information'))
  )
    return;
  const line = scope ? `[${level}] ${scope.functionName}: ${message}` : `[${level}] ${message}`;
  if (level === 'error' || level === 'critical' || level === 'warning') console.error(line);
  else console.log(line);
}

export function createRegistry(): AppRegistry {
  const registry: AppRegistry = {
    functions: new Map(),
    hooks: new Map(),
    appHookData: {},
    appLevelHookData: {},
    startupFinished: false,
    log(level, category, message, scope) {
      // Log hooks run synchronously and may rewrite level and message, as under the worker.
      const entry: Record<string, unknown> = {
        level,
        message,
        get category() {
          return category;
        },
        get hookData() {
          return scope?.hookData ?? {};
        },
        get appHookData() {
          return registry.appHookData;
        },
        get invocationContext() {
          return scope?.invocationContext;
        },
      };
      for (const hook of registry.hooks.get('log') ?? []) hook(entry);
      printLog(entry.level as LogLevel, category, String(entry.message), scope);
    },
  };
  return registry;
}

function isTriggerType(type: string | undefined): boolean {
  return !!type && /trigger$/i.test(type);
}

/** The module object `require('@azure/functions-core')` returns while `registry` is active. */
function coreModuleFor(registry: AppRegistry): Record<string, unknown> {
  return {
    version: '3.12.0',
    hostVersion: '4.1000.0-local',
    Disposable,
    registerFunction(metadata: FunctionMetadata, callback: FunctionCallback): Disposable {
      if (registry.startupFinished) throw new Error('A function can only be registered during app startup.');
      if (registry.functions.has(metadata.name)) {
        throw new Error(`A function named "${metadata.name}" is already registered`);
      }
      const trigger = Object.entries(metadata.bindings).find(([, binding]) => isTriggerType(binding.type));
      if (!trigger) throw new Error(`Function "${metadata.name}" has no trigger binding`);
      registry.functions.set(metadata.name, { metadata, callback, triggerName: trigger[0], trigger: trigger[1] });
      return new Disposable(() => {
        if (registry.startupFinished) throw new Error('A function can only be disposed during app startup.');
        registry.functions.delete(metadata.name);
      });
    },
    registerHook(name: HookName, callback: HookCallback): Disposable {
      const list = registry.hooks.get(name) ?? [];
      list.push(callback);
      registry.hooks.set(name, list);
      return new Disposable(() => {
        const index = list.indexOf(callback);
        if (index > -1) list.splice(index, 1);
      });
    },
    setProgrammingModel(model: ProgrammingModel) {
      registry.programmingModel = model;
    },
    getProgrammingModel() {
      return registry.programmingModel;
    },
    log(level: LogLevel, category: LogCategory, message: string) {
      registry.log(level, category, message);
    },
  };
}

let active: Record<string, unknown> | undefined;
let installed = false;

/**
 * Makes `require('@azure/functions-core')` resolve to `registry`'s module, as the worker does
 * before it loads the app. Node's CommonJS loader is the seam: the library loads the module
 * with a plain require, and an ES module app reaches the library through the same loader.
 */
export function installFunctionsCore(registry: AppRegistry): void {
  active = coreModuleFor(registry);
  if (installed) return;
  installed = true;
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const originalLoad = loader._load;
  loader._load = function load(request: string, ...rest: unknown[]) {
    if (request === '@azure/functions-core' && active) return active;
    return originalLoad.call(this, request, ...rest);
  };
}
