import { randomUUID } from 'node:crypto';
import type {
  AppRegistry,
  CoreInvocationContext,
  HookName,
  InvocationResponse,
  RegisteredFunction,
  RpcTypedData,
} from './functions-core';

/** Runs a hook list in order; the library's hooks receive a context object they may change. */
export async function runHooks(registry: AppRegistry, name: HookName, context: Record<string, unknown>): Promise<void> {
  for (const hook of registry.hooks.get(name) ?? []) await hook(context);
}

/**
 * One invocation the way the worker does it: the library's invocation model turns RPC-shaped
 * input into (trigger input, InvocationContext), calls the handler, and turns the result back.
 */
export async function invoke(
  registry: AppRegistry,
  fn: RegisteredFunction,
  trigger: RpcTypedData,
  triggerMetadata: Record<string, RpcTypedData> = {},
): Promise<InvocationResponse> {
  const model = registry.programmingModel;
  if (!model) throw new Error('no programming model registered');
  const triggerName = Object.entries(fn.metadata.bindings).find(([, binding]) => binding === fn.trigger)?.[0];
  const coreContext: CoreInvocationContext = {
    invocationId: randomUUID(),
    metadata: fn.metadata,
    request: { inputData: [{ name: triggerName ?? 'trigger', data: trigger }], triggerMetadata },
    state: 'preInvocationHooks',
    log: (level, category, message) => registry.log(level, category, `${fn.metadata.name}: ${message}`),
  };
  const invocation = model.getInvocationModel(coreContext);
  const { context, inputs } = await invocation.getArguments();
  const hookContext: Record<string, unknown> = {
    invocationContext: context,
    inputs,
    functionHandler: fn.callback,
    hookData: {},
    appHookData: {},
  };
  await runHooks(registry, 'preInvocation', hookContext);
  coreContext.state = 'invocation';
  let result: unknown;
  let error: unknown;
  try {
    result = await invocation.invokeFunction(context, hookContext.inputs as unknown[], hookContext.functionHandler as typeof fn.callback);
  } catch (caught) {
    error = caught;
  }
  coreContext.state = 'postInvocationHooks';
  const post: Record<string, unknown> = { ...hookContext, result, error };
  await runHooks(registry, 'postInvocation', post);
  if (post.error) throw post.error;
  return invocation.getResponse(context, post.result);
}
