/** A dependency the process cannot start without did not answer: whom to blame, and what to do. */
export class StartupError extends Error {
  readonly dependency: string;
  readonly remedy: string;

  constructor(dependency: string, remedy: string, cause: unknown, problem = `${dependency} did not answer at start`) {
    super(`${problem}: ${remedy}`, { cause });
    this.dependency = dependency;
    this.remedy = remedy;
  }
}

/** Runs `open`; any failure becomes a StartupError that names the dependency and the remedy. */
export async function reaching<T>(dependency: string, remedy: string, open: () => Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (error) {
    throw new StartupError(dependency, remedy, error);
  }
}
