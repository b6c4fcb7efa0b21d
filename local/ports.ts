/** The ports `npm start` listens on, and the variable that moves each one. */
export const defaultPorts = {
  api: 7071,
  spa: 5173,
  cosmos: 8081,
  oidc: 8400,
  blob: 10000,
  queue: 10001,
  table: 10002,
  postmark: 8025,
  anthropic: 8026,
} as const;

export type PortName = keyof typeof defaultPorts;
export type Ports = Record<PortName, number>;

export const portVariable = (name: PortName): string => `LEDGERLINE_${name.toUpperCase()}_PORT`;

/**
 * The ports from LEDGERLINE_API_PORT, LEDGERLINE_SPA_PORT, ... or their defaults. A value that is
 * not a port, or two parts on one port, stops the start with a message naming the variables.
 */
export function portsFrom(env: NodeJS.ProcessEnv): Ports {
  const ports = {} as Ports;
  for (const name of Object.keys(defaultPorts) as PortName[]) {
    const value = env[portVariable(name)]?.trim();
    if (!value) {
      ports[name] = defaultPorts[name];
      continue;
    }
    const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
    if (!(port >= 1 && port <= 65535))
      throw new Error(`${portVariable(name)} must be a port number from 1 to 65535, not "${value}"`);
    ports[name] = port;
  }
  const names = Object.keys(ports) as PortName[];
  for (const [index, name] of names.entries()) {
    const other = names.slice(index + 1).find((candidate) => ports[candidate] === ports[name]);
    if (other)
      throw new Error(`${portVariable(name)} and ${portVariable(other)} both name port ${ports[name]}; pick two ports`);
  }
  return ports;
}
