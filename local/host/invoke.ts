import { randomUUID } from 'node:crypto';
import type {
  AppRegistry,
  CoreInvocationContext,
  FunctionCallback,
  HookData,
  InvocationLogScope,
  InvocationResponse,
  RegisteredFunction,
  RpcTypedData,
} from './functions-core';

async function runHooks(
  registry: AppRegistry,
  name: 'appStart' | 'appTerminate' | 'preInvocation' | 'postInvocation',
  context: Record<string, unknown>,
): Promise<void> {
  for (const hook of [...(registry.hooks.get(name) ?? [])]) await hook(context);
}

function readOnly(name: string): never {
  throw new Error(`Cannot assign to read only property "${name}"`);
}

/** appStart / appTerminate, with the worker's context: app-level hookData, appHookData, app folder. */
export async function runAppHooks(
  registry: AppRegistry,
  name: 'appStart' | 'appTerminate',
  functionAppDirectory: string,
): Promise<void> {
  const context: Record<string, unknown> = {
    get hookData() {
      return registry.appLevelHookData;
    },
    set hookData(_value) {
      readOnly('hookData');
    },
    get appHookData() {
      return registry.appHookData;
    },
    set appHookData(_value) {
      readOnly('appHookData');
    },
  };
  if (name === 'appStart') context.functionAppDirectory = functionAppDirectory;
  await runHooks(registry, name, context);
}

/**
 * One invocation the way the worker's InvocationHandler does it: the library's invocation model
 * turns RPC-shaped input into (trigger input, InvocationContext); preInvocation hooks may swap
 * the inputs or the callback; postInvocation hooks may change the result or the error; the
 * model turns the result back into RPC-shaped output. Throws what the function threw.
 */
export async function invoke(
  registry: AppRegistry,
  fn: RegisteredFunction,
  trigger: RpcTypedData,
  triggerMetadata: Record<string, RpcTypedData> = {},
): Promise<InvocationResponse> {
  const model = registry.programmingModel;
  if (!model) throw new Error('no programming model registered');
  const invocationId = randomUUID();
  const hookData: HookData = {};
  const scope: InvocationLogScope = { functionName: fn.metadata.name, hookData };
  const coreContext: CoreInvocationContext = {
    invocationId,
    metadata: fn.metadata,
    request: { invocationId, inputData: [{ name: fn.triggerName, data: trigger }], triggerMetadata },
    log: (level, category, message) => registry.log(level, category, message, scope),
  };
  const invocation = model.getInvocationModel(coreContext);
  const { context, inputs } = await invocation.getArguments();
  scope.invocationContext = context;
  const shared = {
    get hookData() {
      return hookData;
    },
    set hookData(_value) {
      readOnly('hookData');
    },
    get appHookData() {
      return registry.appHookData;
    },
    set appHookData(_value) {
      readOnly('appHookData');
    },
    get invocationContext() {
      return context;
    },
    set invocationContext(_value) {
      readOnly('invocationContext');
    },
  };

  const pre: Record<string, unknown> = Object.defineProperties(
    { functionCallback: fn.callback, inputs },
    Object.getOwnPropertyDescriptors(shared),
  );
  coreContext.state = 'preInvocationHooks';
  try {
    await runHooks(registry, 'preInvocation', pre);
  } finally {
    coreContext.state = undefined;
  }

  const post: Record<string, unknown> = Object.defineProperties(
    { inputs: pre.inputs, result: null, error: null },
    Object.getOwnPropertyDescriptors(shared),
  );
  coreContext.state = 'invocation';
  try {
    post.result = await invocation.invokeFunction(
      context,
      pre.inputs as unknown[],
      pre.functionCallback as FunctionCallback,
    );
  } catch (error) {
    post.error = error;
  } finally {
    coreContext.state = undefined;
  }

  coreContext.state = 'postInvocationHooks';
  try {
    await runHooks(registry, 'postInvocation', post);
  } finally {
    coreContext.state = undefined;
  }
  // Hooks may replace the error with anything, as in the worker; it is rethrown as given.
  // eslint-disable-next-line @typescript-eslint/only-throw-error
  if (post.error) throw post.error;
  return invocation.getResponse(context, post.result);
}
