#pragma once
/// @file
/// The `register_<module>` functions, one per Python submodule (one .cpp each). Adding a module
/// (tree, forest, ...) is one more declaration here, one file, and one line in module.cpp.

#include <pybind11/pybind11.h>

namespace streamwise::python {

void register_optim(pybind11::module_ m);
void register_stats(pybind11::module_ m);
void register_drift(pybind11::module_ m);
void register_metrics(pybind11::module_ m);
void register_preprocessing(pybind11::module_ m);
void register_linear_model(pybind11::module_ m);
void register_naive_bayes(pybind11::module_ m);
void register_compose(pybind11::module_ m);
void register_tree(pybind11::module_ m);
void register_forest(pybind11::module_ m);
void register_ensemble(pybind11::module_ m);
void register_datasets(pybind11::module_ m);
void register_evaluate(pybind11::module_ m);

}  // namespace streamwise::python
