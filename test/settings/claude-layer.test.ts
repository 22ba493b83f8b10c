import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/settings/load-settings.js';
import { writeJson } from '../support/cli.js';
import { cleanEnv, scratchDir } from '../support/fixtures.js';
import { isolateTests } from '../support/isolation.js';

// `"claude"` is a settings key like any other: a later layer (project file, --settings) overrides
// the user file's value, both ways (issue 22).

isolateTests();

function layers(user: unknown, explicit: unknown) {
  const home = scratchDir();
  const env = cleanEnv({ HOME: home, XDG_CONFIG_HOME: join(home, '.config') });
  writeJson(join(home, '.config', 'credhelper', 'settings.json'), user);
  writeJson(join(home, '.claude', 'settings.json'), { apiKeyHelper: 'echo sk-ant-test-from-claude' });
  const settingsFile = writeJson(join(scratchDir(), 'explicit.json'), explicit);
  return { home, env, settingsFile };
}

describe('"claude" in settings layers', () => {
  it('"claude": false in --settings turns off "claude": true from the user file', async () => {
    const { home, env, settingsFile } = layers({ claude: true }, { claude: false });
    const loaded = await loadSettings({ cwd: home, env, settingsFile });
    expect(loaded.settings.apiKeyHelper).toBeUndefined();
    expect(loaded.files.map((f) => f.kind)).not.toContain('claude-user');
  });

  it('"claude": false in a project file turns it off too; "claude": true in a later layer turns it on', async () => {
    const { home, env } = layers({ claude: true }, {});
    const project = join(scratchDir(), 'repo');
    writeJson(join(project, '.credhelper', 'settings.json'), { claude: false });
    expect((await loadSettings({ cwd: project, env })).settings.apiKeyHelper).toBeUndefined();
    const on = layers({ claude: false }, { claude: true });
    expect(
      (await loadSettings({ cwd: on.home, env: on.env, settingsFile: on.settingsFile })).settings.apiKeyHelper,
    ).toBe('echo sk-ant-test-from-claude');
    // A layer that does not mention it keeps the earlier choice.
    expect((await loadSettings({ cwd: home, env })).settings.apiKeyHelper).toBe('echo sk-ant-test-from-claude');
  });

  it('the --claude flag still reads them whatever the files say', async () => {
    const { home, env, settingsFile } = layers({ claude: false }, { claude: false });
    expect((await loadSettings({ cwd: home, env, settingsFile, claude: true })).settings.apiKeyHelper).toBe(
      'echo sk-ant-test-from-claude',
    );
  });
});
