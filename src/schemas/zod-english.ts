import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// zod/mini ships no locale: without this every built-in message would read "Invalid input". The
// classic `zod` entry does the same at import (the setting is zod's global, shared by both).
config(en());

/** Imported (for its effect) by every schema module, so that their messages are zod's English ones. */
export const ZOD_LOCALE = 'en';
