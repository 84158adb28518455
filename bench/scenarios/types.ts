// What the server process answers to "cpu" (process.cpuUsage()).
export type Cpu = NodeJS.CpuUsage;
