import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** Errors of one response, at most: graphql-js stops coercing variables at 50, each as long as the input. */
const maxErrors = 10;
/** A name or value quoted back longer than this is cut: a 10,000-character field name is not news. */
const maxQuoted = 64;

const variablePrefix = /^Variable "\$([_A-Za-z]\w*)" got invalid value /;
const pathSuffix = / at "([_A-Za-z]\w*(?:\.[_A-Za-z]\w*|\[\d+\])*)"$/;
// graphql-js quotes the submitted value after these: a password typed as a number comes back.
const echoedValue = /(cannot represent [^:;]*|Expected value of type "[^"]*"), found [\s\S]*$|(cannot represent [^:;]*): [\s\S]*$/;
const suggestion = / Did you mean [\s\S]*\?$/;
const longQuoted = new RegExp(`"([^"]{${maxQuoted}})[^"]+"`, 'g');

/**
 * Error messages that never quote submitted values back, nor (in production) suggest field names:
 * graphql-js writes the whole submitted variable into each coercion error, password included, so
 * a 95 KB request with 4,300 unknown fields came back as 5.2 MB. At most `maxErrors` errors go out.
 */
export function safeErrorMessages(options: { suggestions: boolean }): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || !('errors' in result) || !result.errors?.length) return;
      const errors = result.errors.slice(0, maxErrors).map((error) => withMessage(error, safeMessage(error, options.suggestions)));
      if (result.errors.length > maxErrors) {
        errors.push(new GraphQLError(`${result.errors.length - maxErrors} more errors left out.`));
      }
      setResult({ ...result, errors });
    },
  };
}

export function safeMessage(error: GraphQLError, suggestions: boolean): string {
  let message = error.message;
  const inner = error.originalError?.message;
  const variable = variablePrefix.exec(message);
  if (variable && inner !== undefined && message.endsWith(`; ${inner}`)) {
    const at = pathSuffix.exec(message.slice(0, -inner.length - 2));
    message = `Variable "$${variable[1]}" got an invalid value${at ? ` at "${at[1]}"` : ''}; ${inner}`;
  }
  message = message.replace(echoedValue, (_, found, represent) => `${found ?? represent}.`);
  if (!suggestions) message = message.replace(suggestion, '');
  return message.replace(longQuoted, '"$1…"');
}

function withMessage(error: GraphQLError, message: string): GraphQLError {
  if (message === error.message) return error;
  const { nodes, source, positions, path, extensions } = error;
  return new GraphQLError(message, { nodes, source, positions, path, extensions });
}
