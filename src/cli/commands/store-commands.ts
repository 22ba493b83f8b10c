// The store commands, as one module: the CLI imports it when one of them runs (one chunk, not five).
export { authOrder } from './auth-order.js';
export { importStore } from './import-store.js';
export { list } from './list.js';
export { login } from './login.js';
export { logout } from './logout.js';
export { storeMigrate } from './store-migrate.js';
