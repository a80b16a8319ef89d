/**
 * The worker thread that runs the console's background upkeep (maintenance.ts) so the back
 * end's thread keeps answering while the whole file is read. Built to
 * out/electron/maintenance-worker.cjs; given its request as workerData, it posts one
 * MaintenanceResult and ends; with `task: 'checkpoint'` it checkpoints the WAL instead
 * (checkpoint.ts) and posts a CheckpointResult.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runCheckpointRequest } from './checkpoint';
import { type MaintenanceRequest, runMaintenanceRequest } from './maintenance';

const req = workerData as MaintenanceRequest & { readonly task?: 'checkpoint' };
parentPort?.postMessage(req.task === 'checkpoint' ? runCheckpointRequest(req) : runMaintenanceRequest(req));
