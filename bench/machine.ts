// One line describing where the figures were taken: they mean little without it.
import os from 'node:os';

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const gb = (os.totalmem() / 2 ** 30).toFixed(0);
  return `${os.availableParallelism()} × ${cpu}, ${gb} GB, Node ${process.version}, ${os.type()} ${os.release()}`;
}
