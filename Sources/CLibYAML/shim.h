// libyaml's event API for RulesReader's fast composer (YAMLEventComposer).
//
// Yams bundles libyaml 0.2.5 as its C target CYaml, which is not a product other packages may
// import, yet its object files are linked into every binary that links Yams. This module gives
// Swift the *declarations* from Debian's libyaml-dev (also 0.2.5; its yaml.h declares the same
// structures field for field — Yams' copy only adds yaml_set_max_nest_level, which we don't call)
// and links nothing: every yaml_* call resolves at link time to the one copy Yams already brings.
// Linking Debian's libyaml as well would put a second definition of every yaml_* symbol beside
// Yams' (duplicates with libyaml.a, silent interposition with libyaml.so); with no link line
// there is exactly one libyaml in each binary.
#include <yaml.h>
