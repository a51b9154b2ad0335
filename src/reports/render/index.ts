export { renderReport, type RenderOptions } from './render-report';
export { readBinding, BINDING_INFO_KEY } from './binding-metadata';
export { canonicalContentSha256, canonicalJson } from './canonical';
