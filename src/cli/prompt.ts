/**
 * Questions to the user. Every question names the flag that answers it, so that nothing
 * blocks automation: with --yes the default answer "yes" is taken, and under --json or
 * without a TTY a question that has no answer fails fast with E_PROMPT_NEEDED.
 */
import { AppError } from '../errors.js';

export interface Question {
  readonly message: string;
  /** The flag (or rc key) that answers this question without a prompt. */
  readonly answeredBy: string;
}

export interface Prompter {
  confirm(q: Question): Promise<boolean>;
  password(q: Question): Promise<string>;
}

export interface PromptMode {
  readonly yes: boolean;
  readonly interactive: boolean;
}

class InquirerPrompter implements Prompter {
  constructor(private readonly mode: PromptMode) {}

  private refuse(q: Question): never {
    throw new AppError('E_PROMPT_NEEDED', `"${q.message}" needs an answer, but no prompt can be shown here; use ${q.answeredBy}`);
  }

  async confirm(q: Question): Promise<boolean> {
    if (this.mode.yes) return true;
    if (!this.mode.interactive) this.refuse(q);
    const { default: inquirer } = await import('inquirer');
    const answer = await inquirer.prompt<{ ok: boolean }>([{ type: 'confirm', name: 'ok', message: q.message, default: false }]);
    return answer.ok;
  }

  async password(q: Question): Promise<string> {
    if (!this.mode.interactive) this.refuse(q);
    const { default: inquirer } = await import('inquirer');
    const answer = await inquirer.prompt<{ pw: string }>([{ type: 'password', name: 'pw', message: q.message, mask: '*' }]);
    return answer.pw;
  }
}

export type PrompterFactory = (mode: PromptMode) => Prompter;

export const defaultPrompterFactory: PrompterFactory = (mode) => new InquirerPrompter(mode);
