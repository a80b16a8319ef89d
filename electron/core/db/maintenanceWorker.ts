/**
 * The worker thread that runs the console's background upkeep (maintenance.ts) so the back
 * end's thread keeps answering while the whole file is read. Built to
 * out/electron/maintenance-worker.cjs; given its request as workerData, it posts one
 * MaintenanceResult and ends.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type MaintenanceRequest, runMaintenanceRequest } from './maintenance';

parentPort?.postMessage(runMaintenanceRequest(workerData as MaintenanceRequest));
