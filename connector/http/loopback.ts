/**
 * Whether an address belongs to this machine's loopback interface: `127.0.0.0/8`, `::1`, the
 * IPv4-mapped form Node reports on dual-stack sockets, or the name `localhost`. Used both for
 * the address a server listens on and for the peer of a connection.
 */
export function isLoopback(address: string): boolean {
  const a = address.toLowerCase();
  return a === 'localhost' || a === '::1' || /^127\.\d+\.\d+\.\d+$/.test(a) || /^::ffff:127\.\d+\.\d+\.\d+$/.test(a);
}
