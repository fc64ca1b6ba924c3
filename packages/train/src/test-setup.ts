// Tests run on the backend named by OLRD_BACKEND (default cpu), so one suite checks every backend.
import { initBackend, type BackendName } from '@olrd/tensor/node';

await initBackend((process.env['OLRD_BACKEND'] ?? 'cpu') as BackendName);
