/**
 * The Teams app package tooling: environment files, placeholder resolution, offline
 * validation (manifest schema, Teams rules, icons, project files) and the zip.
 */
export { buildAppPackage, describeBuilt, formatProblems, packagePath, type BuildOptions, type BuiltPackage } from './build.ts';
export { derivedEndpoints, ENDPOINT_VARIABLES, readToolkitEnvironment, type ToolkitEnvironment } from './env.ts';
export { checkIcon, ICONS, renderIcons } from './icons.ts';
export { bundledManifestSchema, checkManifestRules, MANIFEST_VERSION, schemaUrl, validateManifestSchema } from './manifest.ts';
export { knownActions, PROJECT_FILE_VERSION, SCHEMA_COMMENT, unprovidedPlaceholders, validateProjectFile, type ProjectFile, type ProjectStep } from './projectFile.ts';
export { placeholderNames, resolveJsonPlaceholders } from './placeholders.ts';
export { decodePng, pixelAt, PNG_SIGNATURE, readPngHeader, type PngHeader, type RgbaImage } from './png.ts';
export { PACKAGE_PROBLEM_CODES, type PackageProblem, type PackageProblemCode } from './problems.ts';
export { GENERATED_SECRET, toolkitOutputs } from './toolkit.ts';
export { readZip, writeZip } from './zip.ts';
